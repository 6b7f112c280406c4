import { Router } from "express";
import { z } from "zod";
import { INCIDENT_STATUSES } from "../../domain/status";
import type { IncidentService } from "../../services/incidents";
import { notFound } from "../problem";
import { cursorId, decodeCursor, encodeCursor, intId, isoDate, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    provider: q.ids.optional(),
    status: q.list(INCIDENT_STATUSES).optional(),
    active: q.bool.optional(),
    since: q.date.optional(),
    until: q.date.optional(),
    limit: q.limit,
    cursor: q.cursor.optional(),
  })
  .strict();

const Cursor = z.object({ s: isoDate, i: cursorId });

export function incidentsRouter(incidents: IncidentService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const after = query.cursor ? decodeCursor(Cursor, query.cursor) : undefined;
    const page = await incidents.list({
      providers: query.provider,
      statuses: query.status,
      active: query.active,
      since: query.since,
      until: query.until,
      limit: query.limit,
      after: after ? { startedAt: after.s, id: after.i } : undefined,
    });
    res.json({ data: page.items, nextCursor: page.next ? encodeCursor({ s: page.next.startedAt.toISOString(), i: page.next.id }) : null });
  });
  r.get("/:id", async (req, res) => {
    const id = parseQuery(z.object({ id: intId }), { id: req.params.id }).id;
    const incident = await incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    res.json({ data: incident });
  });
  return r;
}
