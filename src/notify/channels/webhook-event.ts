import { z } from "zod";
import type { NotifyMessage } from "../message";

/**
 * The body of every `webhook` channel POST, version 1. Additive changes (new fields, new `type`s)
 * keep the version; anything a receiver could trip over gets a new version and its own schema.
 */
export const WebhookEventV1 = z.object({
  version: z.literal(1),
  /** The event kind: `incident_opened`, `incident_resolved`, `component_status_changed`, … or `test`. */
  type: z.string(),
  /** Same as the `webhook-id` header: stable per (event, subscription), so receivers can de-duplicate retries. */
  id: z.string(),
  /** When the change happened (ISO 8601 UTC). */
  timestamp: z.string(),
  data: z.object({
    /** statuswatch's event id; 0 for a test message. */
    eventId: z.number().int(),
    provider: z.object({ id: z.string(), name: z.string() }),
    title: z.string(),
    tag: z.string(),
    transition: z.string(),
    severity: z.enum(["critical", "major", "minor", "maintenance", "recovered", "info"]),
    impact: z.enum(["none", "minor", "major", "critical"]).nullable(),
    components: z.array(z.string()),
    latestUpdate: z.string().nullable(),
    durationSeconds: z.number().nullable(),
    /** Messages about one incident or maintenance share it. */
    threadKey: z.string().nullable(),
    links: z.object({ statusPage: z.string().nullable(), statuswatch: z.string().nullable() }),
  }),
});
export type WebhookEventV1 = z.infer<typeof WebhookEventV1>;

export function webhookEvent(m: NotifyMessage, id: string): WebhookEventV1 {
  return {
    version: 1,
    type: m.eventId === 0 ? "test" : m.kind,
    id,
    timestamp: m.occurredAt.toISOString(),
    data: {
      eventId: m.eventId,
      provider: { id: m.providerId, name: m.providerName },
      title: m.title,
      tag: m.tag,
      transition: m.transition,
      severity: m.severity,
      impact: m.impact ?? null,
      components: m.components,
      latestUpdate: m.latestUpdate ?? null,
      durationSeconds: m.durationSeconds ?? null,
      threadKey: m.threadKey ?? null,
      links: { statusPage: m.statusPageUrl ?? null, statuswatch: m.statuswatchUrl ?? null },
    },
  };
}
