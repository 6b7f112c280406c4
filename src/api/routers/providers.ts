import { Router } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import type { ProviderService } from "../../services/providers";
import type { UptimeService } from "../../services/uptime";
import { notFound } from "../problem";
import { parseQuery, q } from "../validate";

export const ListQuery = z.object({ category: q.list(CATEGORIES).optional() }).strict();
export const UptimeQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }).strict();

export function providersRouter(providers: ProviderService, uptime: UptimeService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    res.json({ data: await providers.list({ category: query.category }) });
  });
  r.get("/:id", async (req, res) => {
    const provider = await providers.get(req.params.id);
    if (!provider) throw notFound(`provider ${req.params.id}`);
    res.json({ data: provider });
  });
  r.get("/:id/uptime", async (req, res) => {
    const { days } = parseQuery(UptimeQuery, req.query);
    if (!(await providers.exists(req.params.id))) throw notFound(`provider ${req.params.id}`);
    res.json({ data: await uptime.forProvider(req.params.id, days) });
  });
  return r;
}
