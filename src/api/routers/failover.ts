import { Router } from "express";
import { z } from "zod";
import { CapabilitySchema } from "../../catalog/entry-schema";
import type { FailoverService } from "../../services/failover";
import { HttpProblem } from "../problem";
import { parseQuery } from "../validate";

export const FailoverQuery = z
  .object({
    for: z.string().trim().min(1).max(64).optional().describe("the provider you are calling now: its alternatives, ranked, and advice"),
    capability: CapabilitySchema.optional().describe("every provider offering this capability, ranked (instead of for=)"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((v) => (v.for === undefined) !== (v.capability === undefined), { message: "give exactly one of for= and capability=", path: ["for"] });

/** GET /api/v1/failover: where to route traffic now, from state kept in memory. */
export function failoverRouter(failover: FailoverService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(FailoverQuery, req.query);
    const answer = await failover
      .answer(query.for !== undefined ? { for: query.for, limit: query.limit } : { capability: query.capability!, limit: query.limit })
      .catch(() => {
        throw new HttpProblem(503, "Service Unavailable", "the failover state could not be read from the database");
      });
    if (!answer.found) throw new HttpProblem(404, "Not Found", answer.detail);
    res.json({ data: answer.body });
  });
  return r;
}
