import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { DeliveryService } from "../../notify/deliveries";
import { HttpProblem, notFound } from "../problem";
import { decodeCursor, encodeCursor, intId, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    status: q.list(["pending", "sending", "sent", "failed", "digest"] as const).optional(),
    subscription: intId.optional(),
    limit: q.limit,
    cursor: q.cursor.optional(),
  })
  .strict();
const Cursor = z.object({ b: intId });

export function deliveriesRouter(deliveries: DeliveryService, auth: RequestHandler): Router {
  const r = Router();
  r.use(auth);
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const beforeId = query.cursor ? decodeCursor(Cursor, query.cursor).b : undefined;
    const page = await deliveries.list({ statuses: query.status, subscriptionId: query.subscription, limit: query.limit, beforeId });
    // Newest first, paged like every other list: pass nextCursor back as cursor.
    res.json({ data: page.items, nextCursor: page.nextBeforeId ? encodeCursor({ b: page.nextBeforeId }) : null });
  });
  r.post("/:id/retry", async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const outcome = await deliveries.retry(id);
    if (outcome === "not-found") throw notFound(`delivery ${id}`);
    if (outcome === "not-failed") throw new HttpProblem(409, "Conflict", `delivery ${id} is not failed; only dead letters are retried`);
    res.status(202).json({ data: { id, status: "pending" } });
  });
  return r;
}
