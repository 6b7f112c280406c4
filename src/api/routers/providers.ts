import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import type { ProviderService } from "../../services/providers";
import type { UptimeService } from "../../services/uptime";
import { type RegistrationResult, registerProvider, type RegistrationDeps } from "../../services/provider-registration";
import { HttpProblem, notFound } from "../problem";
import { parseBody, parseQuery, q } from "../validate";

export const ListQuery = z.object({ category: q.list(CATEGORIES).optional() }).strict();
export const UptimeQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }).strict();

export const AddBody = z
  .object({
    url: z.string().min(1).max(2000),
    name: z.string().trim().min(1).max(200).optional(),
    category: z.enum(CATEGORIES).optional(),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1-64 lowercase letters, digits, '.', '_' or '-'")
      .optional(),
  })
  .strict();

/** POST's answer when nothing was stored: 422 with what was tried, or 409 for a taken id. */
function refusal(result: Extract<RegistrationResult, { ok: false }>): HttpProblem {
  if (result.reason === "id_taken") return new HttpProblem(409, "Conflict", result.detail);
  return new HttpProblem(422, result.reason === "refused" ? "URL refused" : "No known status-page kind fits", result.detail, { tried: result.tried });
}

export function providersRouter(providers: ProviderService, uptime: UptimeService, add?: { auth: RequestHandler; registration: RegistrationDeps }): Router {
  const r = Router();
  if (add) {
    r.post("/", add.auth, async (req, res) => {
      const body = parseBody(AddBody, req.body);
      const result = await registerProvider(add.registration, body);
      if (!result.ok) throw refusal(result);
      res
        .status(201)
        .location(`/api/v1/providers/${encodeURIComponent(result.provider.id)}`)
        .json({
          data: {
            ...result.provider,
            detection: { kind: result.provider.kind, evidence: result.evidence },
            firstPoll: { ...result.counts, events: result.events },
          },
        });
    });
  }
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
