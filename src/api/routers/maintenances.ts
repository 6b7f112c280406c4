import { Router } from "express";
import { z } from "zod";
import { MAINTENANCE_STATUSES } from "../../domain/status";
import type { MaintenanceService } from "../../services/maintenances";
import { notFound } from "../problem";
import { cursorId, decodeCursor, encodeCursor, intId, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({ provider: q.ids.optional(), status: q.list(MAINTENANCE_STATUSES).optional(), limit: q.limit, cursor: q.cursor.optional() })
  .strict();

const Cursor = z.object({ i: cursorId });

export function maintenancesRouter(maintenances: MaintenanceService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const after = query.cursor ? decodeCursor(Cursor, query.cursor) : undefined;
    const page = await maintenances.list({ providers: query.provider, statuses: query.status, limit: query.limit, after: after ? { id: after.i } : undefined });
    res.json({ data: page.items, nextCursor: page.next ? encodeCursor({ i: page.next.id }) : null });
  });
  r.get("/:id", async (req, res) => {
    const id = parseQuery(z.object({ id: intId }), { id: req.params.id }).id;
    const m = await maintenances.get(id);
    if (!m) throw notFound(`maintenance ${id}`);
    res.json({ data: m });
  });
  return r;
}
