import { z } from "zod";
import type { EventKind } from "../domain/status";

/** What a dedupe key is built from; each kind uses the parts that make its event unique. */
export interface KeyParts {
  providerId: string;
  /** The provider's id of the incident, maintenance or component (flap summaries: statuswatch's component id). */
  subjectId?: string;
  from?: string | null;
  to?: string;
  at: Date;
  /** What else tells two events apart: an update's id, the start of an outage, the event a summary replaces. */
  part?: string;
}

interface EventSpec<Data extends z.ZodType> {
  /** The `data` the event carries in its JSONB column. */
  data: Data;
  /** The unique key that makes writing the same event twice a no-op. */
  dedupeKey(p: KeyParts): string;
}

const spec = <Data extends z.ZodType>(s: EventSpec<Data>) => s;

const incidentTitle = z.object({ title: z.string() });
const statusKey = (p: KeyParts) => `${p.providerId}:i:${p.subjectId}:s:${p.from}>${p.to}:${p.at.toISOString()}`;
const maintenance = z.object({ title: z.string(), scheduledFor: z.string().optional(), scheduledUntil: z.string().optional() });
const maintenanceKey = (p: KeyParts) => `${p.providerId}:m:${p.subjectId}:${p.from ?? "new"}>${p.to}`;

/** The signals that made the detector suspect an outage, as the episode stores them. */
const outageReasons = z.array(z.object({ signal: z.string(), text: z.string(), at: z.string(), score: z.number(), fired: z.boolean() }));
/** One event per step of an outage episode (`part` is the episode's id). */
const outageKey = (step: "open" | "confirm" | "clear") => (p: KeyParts) => `${p.providerId}:outage:${p.part}:${step}`;

/**
 * Every event kind, its data and its dedupe key: the outbox writers (timeline, reminders, flap
 * summaries), the fan-out and the message builder all go through here. Adding a kind is one entry
 * (and the kind in EVENT_KINDS, which the compiler then holds to this table).
 */
export const EVENT_CONTRACT = {
  incident_opened: spec({ data: incidentTitle, dedupeKey: (p) => `${p.providerId}:i:${p.subjectId}:opened` }),
  incident_status_changed: spec({ data: incidentTitle, dedupeKey: statusKey }),
  incident_resolved: spec({ data: incidentTitle, dedupeKey: statusKey }),
  incident_update_posted: spec({
    data: z.object({ title: z.string(), body: z.string(), label: z.string().optional(), components: z.array(z.string()) }),
    dedupeKey: (p) => `${p.providerId}:i:${p.subjectId}:u:${p.part}`,
  }),
  incident_reminder: spec({ data: z.object({}), dedupeKey: (p) => `${p.providerId}:i:${p.subjectId}:reminder` }),
  component_status_changed: spec({
    data: z.object({ component: z.string(), group: z.string().optional(), description: z.string().optional() }),
    dedupeKey: (p) => `${p.providerId}:c:${p.subjectId}:${p.from ?? "new"}>${p.to}:${p.at.toISOString()}`,
  }),
  component_flapping: spec({
    data: z.object({ component: z.string().nullable(), changes: z.number().int(), windowSeconds: z.number() }),
    dedupeKey: (p) => `${p.providerId}:flap:${p.subjectId}:${p.part}`,
  }),
  provider_status_changed: spec({
    data: z.object({ description: z.string().optional() }),
    dedupeKey: (p) => `${p.providerId}:status:${p.from ?? "none"}>${p.to}:${p.at.toISOString()}`,
  }),
  maintenance_scheduled: spec({ data: maintenance, dedupeKey: maintenanceKey }),
  maintenance_started: spec({ data: maintenance, dedupeKey: maintenanceKey }),
  maintenance_status_changed: spec({ data: maintenance, dedupeKey: maintenanceKey }),
  maintenance_completed: spec({ data: maintenance, dedupeKey: maintenanceKey }),
  source_unreachable: spec({
    data: z.object({ reason: z.string(), consecutiveFailures: z.number().int().optional() }),
    dedupeKey: (p) => `${p.providerId}:unreachable:${p.at.toISOString()}`,
  }),
  source_recovered: spec({
    data: z.object({ unreachableSince: z.string(), downForSeconds: z.number() }),
    dedupeKey: (p) => `${p.providerId}:recovered:${p.part}`,
  }),
  source_format_changed: spec({
    data: z.object({
      /** What changed, in words ("the page returned 404 for /api/v2/summary.json", "components 14 → 2"). */
      what: z.string(),
      /** The kind the provider is polled as. */
      kind: z.string(),
      /** What detection says fits the page now, in words; absent when it could not tell in time. */
      suggestion: z.string().optional(),
      suggestedKind: z.string().optional(),
    }),
    dedupeKey: (p) => `${p.providerId}:format:${p.at.toISOString()}`,
  }),
  source_format_recovered: spec({
    data: z.object({ what: z.string(), changedSince: z.string(), changedForSeconds: z.number() }),
    dedupeKey: (p) => `${p.providerId}:format-recovered:${p.part}`,
  }),
  outage_suspected: spec({
    data: z.object({ episodeId: z.number().int(), confidence: z.number(), reasons: outageReasons }),
    dedupeKey: outageKey("open"),
  }),
  outage_confirmed: spec({
    data: z.object({
      episodeId: z.number().int(),
      incidentId: z.number().int().nullable(),
      leadSeconds: z.number(),
      suspectedAt: z.string(),
      acknowledgedAt: z.string(),
    }),
    dedupeKey: outageKey("confirm"),
  }),
  outage_cleared: spec({
    data: z.object({ episodeId: z.number().int(), outcome: z.enum(["unacknowledged", "false_alarm"]), peakConfidence: z.number() }),
    dedupeKey: outageKey("clear"),
  }),
} satisfies { [K in EventKind]: EventSpec<z.ZodType> };

export type EventData<K extends EventKind> = z.infer<(typeof EVENT_CONTRACT)[K]["data"]>;

/** An event to write: its kind, data of that kind's shape, and the key built the kind's way. */
export function newEvent<K extends EventKind>(kind: K, data: EventData<K>, key: KeyParts): { kind: K; data: EventData<K>; dedupeKey: string } {
  return { kind, data, dedupeKey: EVENT_CONTRACT[kind].dedupeKey(key) };
}

/**
 * A stored event's data read back as its kind declares, when the event is of `kind`; undefined for
 * another kind or data that does not have the shape (written by an older version).
 */
export function dataOf<K extends EventKind>(event: { kind: EventKind; data: unknown }, kind: K): EventData<K> | undefined {
  if (event.kind !== kind) return undefined;
  const parsed = EVENT_CONTRACT[kind].data.safeParse(event.data ?? {});
  return parsed.success ? (parsed.data as EventData<K>) : undefined;
}
