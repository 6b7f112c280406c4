import { Router } from "express";
import { z } from "zod";
import { OUTAGE_STATES, type OutageService } from "../../outages/service";
import { notFound } from "../problem";
import { decodeCursor, encodeCursor, intId, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    provider: q.ids.optional(),
    state: q.list(OUTAGE_STATES).optional(),
    since: q.date.optional(),
    limit: q.limit,
    cursor: q.cursor.optional(),
  })
  .strict();

const Cursor = z.object({ s: z.string().datetime(), i: z.number().int().positive() });

/** Outage episodes: suspected by statuswatch's signals, confirmed or not by the page. */
export function outagesRouter(outages: OutageService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const after = query.cursor ? decodeCursor(Cursor, query.cursor) : undefined;
    const page = await outages.list({
      providers: query.provider,
      states: query.state,
      since: query.since,
      limit: query.limit,
      after: after ? { at: new Date(after.s), id: after.i } : undefined,
    });
    res.json({ data: page.data, nextCursor: page.next ? encodeCursor({ s: page.next.at.toISOString(), i: page.next.id }) : null });
  });
  r.get("/:id", async (req, res) => {
    const id = parseQuery(z.object({ id: intId }), { id: req.params.id }).id;
    const episode = await outages.get(id);
    if (!episode) throw notFound(`outage ${id}`);
    res.json({ data: episode });
  });
  return r;
}
