import { Router } from "express";
import { z } from "zod";
import { EVENT_KINDS } from "../../domain/status";
import { FEED_START, type EventService, type FeedPosition } from "../../services/events";
import { HttpProblem } from "../problem";
import { cursorId, decodeCursor, encodeCursor, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    since: q.date.optional(),
    until: q.date.optional(),
    provider: q.ids.optional(),
    kind: q.list(EVENT_KINDS).optional(),
    backfill: q.bool.optional(),
    limit: q.limit,
    cursor: q.cursor.optional(),
    after: q.cursor.optional(),
  })
  .strict();

const Cursor = z.object({ i: cursorId });
/** A recorded-order position: the writing transaction (xid8, up to 2^64) and the event id. */
const Position = z.object({
  t: z
    .string()
    .regex(/^\d{1,20}$/)
    .refine((t) => BigInt(t) < 2n ** 64n),
  i: z.number().int().min(0).max(2_147_483_647),
});

const encodePosition = (p: FeedPosition) => encodeCursor({ t: p.tx, i: p.id });

export function eventsRouter(events: EventService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const filter = { since: query.since, until: query.until, providers: query.provider, kinds: query.kind, includeBackfill: query.backfill ?? true };
    if (query.after !== undefined) {
      if (query.cursor !== undefined) throw badParam("after", "cannot be combined with cursor (pass nextCursor back as after)");
      const page = await events.listRecorded({ ...filter, limit: query.limit, after: await position(events, query.after) });
      const resumeAfter = encodePosition(page.resumeAfter);
      return void res.json({ data: page.items, nextCursor: page.more ? resumeAfter : null, resumeAfter });
    }
    const page = await events.list({ ...filter, limit: query.limit, afterId: query.cursor ? decodeCursor(Cursor, query.cursor).i : undefined });
    res.json({ data: page.items, nextCursor: page.next ? encodeCursor({ i: page.next }) : null });
  });
  return r;
}

/** `after` is 0 (the start), an event id, or a resumeAfter this API returned. */
async function position(events: EventService, after: string): Promise<FeedPosition> {
  if (after === "0") return FEED_START;
  if (/^\d+$/.test(after)) {
    const id = cursorId.safeParse(Number(after));
    const found = id.success ? await events.positionOf(id.data) : undefined;
    if (!found) throw badParam("after", "is not the id of an event (pass 0 to start from the beginning)");
    return found;
  }
  try {
    const p = decodeCursor(Position, after);
    return { tx: p.t, id: p.i };
  } catch {
    throw badParam("after", "is not an event id or a resumeAfter this API returned");
  }
}

function badParam(name: string, reason: string): HttpProblem {
  return new HttpProblem(400, "Invalid request", `invalid query parameter: ${name}`, { "invalid-params": [{ name, reason }] });
}
