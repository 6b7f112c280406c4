import { z } from "zod";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES } from "../../domain/status";

const time = z.string().describe("ISO 8601 UTC");

const health = {
  id: z.string(),
  name: z.string(),
  status: z.enum(COMPONENT_STATUSES).nullable().describe("the page's overall status; null when never read or not stated"),
  source: z.enum(["pending", "ok", "failing", "unreachable"]),
  openIncidents: z.array(z.object({ id: z.number().int(), title: z.string(), impact: z.enum(IMPACTS), status: z.enum(INCIDENT_STATUSES), startedAt: time })),
  suspected: z.object({ since: time, confidence: z.number() }).nullable().describe("an open early-warning episode the page has not acknowledged"),
  uptime30d: z.number().nullable().describe("the least available component's weighted uptime over 30 days"),
  healthy: z.boolean(),
  score: z.number().int().min(0).max(100),
  reasons: z.array(z.string()),
};

/** The answer of GET /api/v1/failover (src/failover/answer.ts). */
export const Failover = z.object({
  capability: z.string().nullable(),
  subject: z.object(health).nullable(),
  advice: z.enum(["stay", "failover"]).nullable(),
  alternatives: z.array(z.object({ ...health, named: z.boolean(), shares: z.array(z.string()) })),
  asOf: time.describe("when this state was read from the database"),
  uptimeAsOf: time.nullable(),
});
