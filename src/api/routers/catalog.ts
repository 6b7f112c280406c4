import { Router } from "express";
import { z } from "zod";
import { CapabilitySchema, CATEGORIES } from "../../catalog/entry-schema";
import type { CatalogService } from "../../services/catalog";
import { parseQuery, q } from "../validate";

export const CatalogQuery = z
  .object({
    category: q.list(CATEGORIES).optional(),
    /** Comma-separated; an entry matches when it has any of them. */
    capability: z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      )
      .pipe(z.array(CapabilitySchema).min(1).max(20))
      .optional(),
    /** Words that must each begin a word of the id, name, URL, category or a capability. */
    q: z.string().trim().max(200).optional(),
  })
  .strict();

/** The whole matching list in one answer: the catalog is a few hundred entries, small enough not to page. */
export function catalogRouter(catalog: CatalogService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(CatalogQuery, req.query);
    const data = await catalog.list(query);
    res.json({ data, total: data.length });
  });
  return r;
}
