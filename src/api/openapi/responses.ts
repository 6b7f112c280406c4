import { z } from "zod";
import { COMPONENT_STATUSES, EVENT_KINDS, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "../../domain/status";

/** What the API answers, as JSON: the shapes the OpenAPI document promises and its test holds the routes to. */
const time = z.string().describe("ISO 8601 UTC");
const nullableTime = time.nullable();

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  "invalid-params": z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});

export const Provider = z.looseObject({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  url: z.string(),
  category: z.string().nullable(),
  status: z.string(),
  statusDescription: z.string().nullable(),
  lastPolledAt: nullableTime,
  lastSuccessAt: nullableTime,
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  sourceHealth: z.enum(["pending", "ok", "failing", "unreachable"]),
  formatChange: z.object({ since: time, what: z.string().nullable(), suggestion: z.string().nullable() }).nullable(),
  enabled: z.boolean(),
  pollIntervalSeconds: z.number().int(),
  origin: z.enum(["default", "catalog", "file", "api"]),
  sla: z.looseObject({ monthlyPercent: z.number(), source: z.string() }).nullable(),
});
export const ProviderDetail = Provider.extend({
  components: z.array(
    z.looseObject({ id: z.number().int(), name: z.string(), group: z.string().nullable(), status: z.enum(COMPONENT_STATUSES), updatedAt: time }),
  ),
});
export const CatalogItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  url: z.string(),
  category: z.string().nullable(),
  capabilities: z.array(z.string()),
  sla: z.object({ monthlyPercent: z.number(), source: z.string() }).nullable(),
  watched: z.boolean(),
});
export const Uptime = z.looseObject({
  components: z.array(
    z.looseObject({ name: z.string(), group: z.string().nullable(), status: z.enum(COMPONENT_STATUSES), uptimePercent: z.number().nullable() }),
  ),
});

export const Incident = z.looseObject({
  id: z.number().int(),
  providerId: z.string(),
  externalId: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  impact: z.enum(IMPACTS),
  startedAt: time,
  identifiedAt: nullableTime,
  monitoringAt: nullableTime,
  resolvedAt: nullableTime,
  durationSeconds: z.number().int().nullable(),
  components: z.array(z.string()),
  url: z.string().nullable(),
});
export const IncidentDetail = Incident.extend({
  providerName: z.string(),
  updates: z.array(z.looseObject({ status: z.string(), label: z.string().nullable(), body: z.string(), at: time, components: z.unknown() })),
  transitions: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), at: time })),
});

export const Maintenance = z.looseObject({
  id: z.number().int(),
  providerId: z.string(),
  externalId: z.string(),
  title: z.string(),
  status: z.enum(MAINTENANCE_STATUSES),
  impact: z.enum(IMPACTS),
  scheduledFor: nullableTime,
  scheduledUntil: nullableTime,
  startedAt: nullableTime,
  completedAt: nullableTime,
  components: z.array(z.string()),
  url: z.string().nullable(),
});
export const MaintenanceDetail = Maintenance.extend({
  providerName: z.string(),
  updates: z.array(z.looseObject({ status: z.string(), body: z.string(), at: time })),
});

export const Event = z.looseObject({
  id: z.number().int(),
  providerId: z.string(),
  kind: z.enum(EVENT_KINDS),
  incidentId: z.number().int().nullable(),
  maintenanceId: z.number().int().nullable(),
  component: z.string().nullable(),
  title: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  at: time,
  recordedAt: time,
  backfill: z.boolean(),
  data: z.unknown().describe("the kind's data, see src/events/contract.ts"),
});

export const Subscription = z.looseObject({
  id: z.number().int(),
  channel: z.string(),
  target: z.string().describe("masked"),
  config: z.record(z.string(), z.unknown()).describe("masked"),
  providers: z.array(z.string()),
  components: z.array(z.string()),
  minImpact: z.enum(IMPACTS),
  events: z.array(z.string()),
  paused: z.boolean(),
  digest: z.enum(["off", "daily", "weekly"]),
  digestHour: z.number().int().min(0).max(23),
  timeZone: z.string().describe("IANA time zone of digestHour"),
  confirmed: z.boolean(),
  confirmedAt: nullableTime,
  createdAt: time,
  updatedAt: time,
});
export const CreatedSubscription = Subscription.extend({ secret: z.string().optional().describe("webhook channel: the signing secret, answered only here") });
export const TestResult = z.union([
  z.object({ delivered: z.literal(true), answer: z.string().optional() }),
  z.object({ delivered: z.literal(false), kind: z.string(), reason: z.string() }),
]);

export const Delivery = z.looseObject({
  id: z.number().int(),
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  channel: z.string(),
  target: z.string(),
  status: z.enum(["pending", "sending", "sent", "failed", "digest"]),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: nullableTime,
  sentAt: nullableTime,
  createdAt: time,
});

/** `after=` answers: a page in recorded order and the position to resume from. */
export const EventFeed = z.object({
  data: z.array(Event),
  nextCursor: z.string().nullable(),
  resumeAfter: z.string().optional().describe("only with after=: pass it back as after"),
});

const outageState = z.enum(["suspected", "confirmed", "unacknowledged", "false_alarm"]);
const signalPoint = z.looseObject({
  at: time,
  reports: z.number().optional(),
  baseline: z.number().nullable().optional(),
  ok: z.boolean().optional(),
  detail: z.string().nullable().optional(),
});
const reason = z.looseObject({ signal: z.string(), text: z.string(), at: time, score: z.number(), fired: z.boolean() });

export const Outage = z.looseObject({
  id: z.number().int(),
  providerId: z.string(),
  state: outageState,
  suspectedAt: time,
  openedAt: time,
  confirmedAt: nullableTime,
  acknowledgedAt: nullableTime,
  leadSeconds: z.number().int().nullable(),
  endedAt: nullableTime,
  incidentId: z.number().int().nullable(),
  confidence: z.number(),
  peakConfidence: z.number(),
  reasons: z.array(reason),
});
export const OutageDetail = Outage.extend({
  signals: z.array(z.looseObject({ id: z.number().int(), kind: z.string(), url: z.string().nullable(), points: z.array(signalPoint) })),
  reports: z.array(z.looseObject({ at: time, via: z.string(), affected: z.boolean(), component: z.string().nullable(), symptom: z.string().nullable() })),
});
export const Signals = z.looseObject({
  providerId: z.string(),
  judgedAt: time,
  judgement: z.looseObject({ state: z.string(), confidence: z.number(), since: nullableTime, reasons: z.array(reason) }),
  reports: z.looseObject({ counted: z.number().int() }),
  series: z.array(
    z.looseObject({
      id: z.number().int(),
      kind: z.string(),
      url: z.string().nullable(),
      pollIntervalSeconds: z.number(),
      lastPolledAt: nullableTime,
      lastSuccessAt: nullableTime,
      lastError: z.string().nullable(),
      consecutiveFailures: z.number().int(),
      baseline: z.number().nullable(),
      points: z.array(signalPoint),
    }),
  ),
});
export const Accuracy = z.looseObject({
  days: z.number().int(),
  episodes: z.number().int(),
  acknowledged: z.number().int(),
  unacknowledged: z.number().int(),
  falseAlarms: z.number().int(),
  medianAckLagSeconds: z.number().nullable(),
  p90AckLagSeconds: z.number().nullable(),
  grade: z.enum(["A", "B", "C", "D", "F"]).nullable(),
});
export const ReportAccepted = z.looseObject({ counted: z.boolean() });

export const data = <T extends z.ZodType>(t: T) => z.object({ data: t });
export const page = <T extends z.ZodType>(t: T) => z.object({ data: z.array(t), nextCursor: z.string().nullable() });
