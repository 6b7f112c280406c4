import { Router } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import type { ProviderService } from "../../services/providers";
import { notFound } from "../problem";
import { parseQuery, q } from "../validate";

const ListQuery = z.object({ category: q.list(CATEGORIES).optional() }).strict();

export function providersRouter(providers: ProviderService): Router {
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
  return r;
}
