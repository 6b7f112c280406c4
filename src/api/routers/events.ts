import { Router } from "express";
import { z } from "zod";
import { EVENT_KINDS } from "../../domain/status";
import type { EventService } from "../../services/events";
import { decodeCursor, encodeCursor, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    since: q.date.optional(),
    provider: q.ids.optional(),
    kind: q.list(EVENT_KINDS).optional(),
    backfill: q.bool.optional(),
    limit: q.limit,
    cursor: q.cursor.optional(),
  })
  .strict();

const Cursor = z.object({ i: z.number().int().positive() });

export function eventsRouter(events: EventService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const page = await events.list({
      since: query.since,
      providers: query.provider,
      kinds: query.kind,
      includeBackfill: query.backfill ?? true,
      limit: query.limit,
      afterId: query.cursor ? decodeCursor(Cursor, query.cursor).i : undefined,
    });
    res.json({ data: page.items, nextCursor: page.next ? encodeCursor({ i: page.next }) : null });
  });
  return r;
}
