import { z } from "zod";
import { EVENT_KINDS, type ComponentStatus, type EventKind, type Impact } from "../domain/status";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { NotifyConfig } from "../config";
import { dataOf, newEvent } from "../events/contract";

type Tx = Prisma.TransactionClient;

/** The kinds a new subscription hears about when it names none. */
export const DEFAULT_EVENT_KINDS = [
  "incident_opened",
  "incident_status_changed",
  "incident_resolved",
  "incident_reminder",
  "component_status_changed",
  "maintenance_started",
  "maintenance_completed",
  "source_unreachable",
  "source_format_changed",
  "outage_suspected",
] as const satisfies readonly EventKind[];

/** A subscription may name any kind but the flap summary, which reaches those who hear component changes. */
export const SubscribableEventKind = z.enum(EVENT_KINDS).exclude(["component_flapping"]);

const INCIDENT_TRANSITIONS: EventKind[] = ["incident_opened", "incident_status_changed", "incident_resolved"];
const FANOUT_LOCK = "statuswatch:notify:fanout";

export type FanOutConfig = Pick<NotifyConfig, "flapThreshold" | "flapWindowMs" | "groupWindowMs">;

type EventRow = {
  id: number;
  providerId: string;
  kind: EventKind;
  incidentId: number | null;
  maintenanceId: number | null;
  componentId: number | null;
  fromStatus: string | null;
  toStatus: string | null;
  occurredAt: Date;
  createdAt: Date;
  backfill: boolean;
  data: Prisma.JsonValue;
};

/** What decides who hears about one event. */
interface Audience {
  kind: EventKind;
  components: string[] | null;
  impact: Impact | null;
  /** Subscriptions that hear about any of these kinds (at this impact) already got the news from an incident message. */
  coveredBy?: { kinds: EventKind[]; impact: Impact };
}

const COMPONENT_IMPACT: Record<ComponentStatus, Impact> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

function componentImpact(from: string | null, to: string | null): Impact {
  const rank = (s: string | null) => (s && s in COMPONENT_IMPACT ? COMPONENT_IMPACT[s as ComponentStatus] : "none");
  const a = rank(from);
  const b = rank(to);
  const order: Impact[] = ["none", "minor", "major", "critical"];
  // A recovery matters as much as the outage it ends.
  return order.indexOf(a) > order.indexOf(b) ? a : b;
}

/**
 * Turns events nobody has fanned out yet into delivery rows, oldest first. One process at a time
 * (an advisory lock); the delivery rows are unique per (event, subscription), so even without the
 * lock nothing is delivered twice. Returns how many events it handled.
 */
export async function fanOut(prisma: PrismaClient, cfg: FanOutConfig, batch = 50): Promise<{ events: number; deliveries: number }> {
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<Array<{ ok: boolean }>>`select pg_try_advisory_xact_lock(hashtext(${FANOUT_LOCK})) as ok`;
      if (!lock?.ok) return { events: 0, deliveries: 0 };
      const events = await tx.event.findMany({ where: { fannedOutAt: null }, orderBy: { id: "asc" }, take: batch });
      let deliveries = 0;
      for (const e of events as EventRow[]) {
        if (e.backfill) continue;
        const audience = await audienceOf(tx, e, cfg);
        if (audience) deliveries += await insertDeliveries(tx, e, audience);
      }
      if (events.length) await tx.event.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { fannedOutAt: new Date() } });
      return { events: events.length, deliveries };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

async function audienceOf(tx: Tx, e: EventRow, cfg: FanOutConfig): Promise<Audience | undefined> {
  if (e.incidentId) {
    const i = await tx.incident.findUnique({ where: { id: e.incidentId }, select: { impact: true, components: true } });
    return { kind: e.kind, components: i?.components ?? [], impact: i?.impact ?? "none" };
  }
  if (e.maintenanceId) {
    const m = await tx.maintenance.findUnique({ where: { id: e.maintenanceId }, select: { impact: true, components: true } });
    return { kind: e.kind, components: m?.components ?? [], impact: m?.impact ?? "none" };
  }
  if (e.componentId) {
    const c = await tx.component.findUnique({ where: { id: e.componentId }, select: { name: true } });
    const components = c ? [c.name] : [];
    if (e.kind === "component_flapping") return { kind: "component_status_changed", components, impact: "minor" };
    if (e.kind !== "component_status_changed") return { kind: e.kind, components, impact: null };
    if (await isFlapping(tx, e, cfg)) return undefined;
    const coveredBy = c ? await coveringIncident(tx, e, c.name, cfg.groupWindowMs) : undefined;
    return { kind: e.kind, components, impact: componentImpact(e.fromStatus, e.toStatus), coveredBy };
  }
  return { kind: e.kind, components: null, impact: null };
}

/** More changes than the threshold within the window: one summary instead of this message. */
async function isFlapping(tx: Tx, e: EventRow, cfg: FanOutConfig): Promise<boolean> {
  const since = new Date(e.occurredAt.getTime() - cfg.flapWindowMs);
  const changes = await tx.event.count({
    where: { componentId: e.componentId, kind: "component_status_changed", backfill: false, occurredAt: { gt: since, lte: e.occurredAt }, id: { lte: e.id } },
  });
  if (changes <= cfg.flapThreshold) return false;
  const summarized = await tx.event.count({ where: { componentId: e.componentId, kind: "component_flapping", occurredAt: { gt: since } } });
  if (summarized === 0) {
    const component = dataOf(e, "component_status_changed")?.component ?? null;
    await tx.event.createMany({
      data: [
        {
          providerId: e.providerId,
          componentId: e.componentId,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          occurredAt: e.occurredAt,
          ...newEvent(
            "component_flapping",
            { component, changes, windowSeconds: Math.round(cfg.flapWindowMs / 1000) },
            { providerId: e.providerId, subjectId: String(e.componentId), at: e.occurredAt, part: String(e.id) },
          ),
        },
      ],
      skipDuplicates: true,
    });
  }
  return true;
}

/** An incident transition near this change that names the component tells its subscribers already. */
async function coveringIncident(tx: Tx, e: EventRow, component: string, windowMs: number): Promise<Audience["coveredBy"]> {
  if (windowMs <= 0) return undefined;
  const near = await tx.event.findMany({
    where: {
      providerId: e.providerId,
      backfill: false,
      kind: { in: INCIDENT_TRANSITIONS },
      occurredAt: { gte: new Date(e.occurredAt.getTime() - windowMs), lte: new Date(e.occurredAt.getTime() + windowMs) },
      incident: { components: { has: component } },
    },
    select: { kind: true, incident: { select: { impact: true } } },
    take: 20,
  });
  if (near.length === 0) return undefined;
  const order: Impact[] = ["none", "minor", "major", "critical"];
  const impact = near.map((n) => n.incident?.impact ?? "none").reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b));
  return { kinds: [...new Set(near.map((n) => n.kind))], impact };
}

async function insertDeliveries(tx: Tx, e: EventRow, a: Audience): Promise<number> {
  const components = a.components === null ? null : a.components;
  const coveredKinds = a.coveredBy ? a.coveredBy.kinds : null;
  return tx.$executeRaw`
    insert into deliveries (event_id, subscription_id, status, updated_at)
    select ${e.id}, s.id, (case when s.digest = 'off' then 'pending' else 'digest' end)::"DeliveryStatus", now()
    from subscriptions s
    where not s.paused
      and s.confirmed_at is not null
      and s.created_at <= ${e.createdAt}
      and ${a.kind}::"EventKind" = any(s.events)
      and (cardinality(s.providers) = 0 or ${e.providerId} = any(s.providers))
      and (${components}::text[] is null or cardinality(s.components) = 0 or s.components && ${components}::text[])
      and (${a.impact}::"Impact" is null or s.min_impact <= ${a.impact}::"Impact")
      and not (${coveredKinds}::"EventKind"[] is not null
               and s.events && ${coveredKinds}::"EventKind"[]
               and s.min_impact <= ${a.coveredBy?.impact ?? "none"}::"Impact")
    on conflict (event_id, subscription_id) do nothing`;
}

/** A reminder event for each incident still open long after statuswatch saw it open; once per incident. */
export async function writeReminders(prisma: PrismaClient, reminderAfterMs: number): Promise<number> {
  if (reminderAfterMs <= 0) return 0;
  const before = new Date(Date.now() - reminderAfterMs);
  const due = await prisma.$queryRaw<Array<{ id: number; provider_id: string; external_id: string; status: string }>>`
    select i.id, i.provider_id, i.external_id, i.status::text as status
    from incidents i
    where i.status not in ('resolved', 'postmortem')
      and i.created_at <= ${before}
      and exists (select 1 from events e where e.incident_id = i.id and not e.backfill)
      and not exists (select 1 from events r where r.incident_id = i.id and r.kind = 'incident_reminder')`;
  if (due.length === 0) return 0;
  const now = new Date();
  const written = await prisma.event.createMany({
    data: due.map((i) => ({
      providerId: i.provider_id,
      incidentId: i.id,
      fromStatus: i.status,
      toStatus: i.status,
      occurredAt: now,
      ...newEvent("incident_reminder", {}, { providerId: i.provider_id, subjectId: i.external_id, at: now }),
    })),
    skipDuplicates: true,
  });
  return written.count;
}
