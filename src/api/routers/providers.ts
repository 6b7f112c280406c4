import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { CATEGORIES, RawEntrySchema, RawSignalSchema } from "../../catalog/entry-schema";
import { validateSignals } from "../../catalog/load";
import { SlaTermsSchema } from "../../sla/terms";
import type { ProviderService } from "../../services/providers";
import type { SignalEntry } from "../../sources/types";
import type { UptimeService } from "../../services/uptime";
import type { WatchedProviders } from "../../services/watched-providers";
import { type RegistrationResult, registerProvider, type RegistrationDeps } from "../../services/provider-registration";
import { HttpProblem, notFound } from "../problem";
import { parseBody, parseQuery, q } from "../validate";

export const ListQuery = z
  .object({
    category: q.list(CATEGORIES).optional(),
    /** `true` (default): watched ones; `false`: paused ones; `any`: both. Removed providers are never listed. */
    enabled: z.enum(["true", "false", "any"]).optional(),
  })
  .strict();
export const UptimeQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }).strict();
export const DeleteQuery = z.object({ purge: q.bool.optional() }).strict();

const providerId = RawEntrySchema.shape.id;

export const AddBody = z
  .object({
    url: z.string().min(1).max(2000),
    name: z.string().trim().min(1).max(200).optional(),
    category: z.enum(CATEGORIES).optional(),
    id: providerId.optional(),
  })
  .strict();

/** Start watching an entry of GET /api/v1/catalog. */
export const PickBody = z
  .object({
    catalogId: providerId,
    pollIntervalSeconds: RawEntrySchema.shape.pollIntervalSeconds,
  })
  .strict();

export const PostBody = z.union([AddBody, PickBody]);

/** The fields a user may change; each is checked by the catalog's own schema. */
export const PatchBody = z
  .object({
    enabled: z.boolean().optional(),
    pollIntervalSeconds: RawEntrySchema.shape.pollIntervalSeconds,
    name: RawEntrySchema.shape.name.optional(),
    category: z.enum(CATEGORIES).nullable().optional(),
    sla: SlaTermsSchema.nullable().optional(),
    signals: z.array(RawSignalSchema).max(10).optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), "give at least one field to change");

/** POST's answer when nothing was stored: 422 with what was tried, or 409 for a taken id. */
function refusal(result: Extract<RegistrationResult, { ok: false }>): HttpProblem {
  if (result.reason === "id_taken") return new HttpProblem(409, "Conflict", result.detail);
  return new HttpProblem(422, result.reason === "refused" ? "URL refused" : "No known status-page kind fits", result.detail, { tried: result.tried });
}

export interface ProviderWrites {
  auth: RequestHandler;
  registration: RegistrationDeps;
  watched: WatchedProviders;
}

export function providersRouter(providers: ProviderService, uptime: UptimeService, writes?: ProviderWrites): Router {
  const r = Router();
  if (writes) {
    r.post("/", writes.auth, async (req, res) => {
      if (req.body && typeof req.body === "object" && "catalogId" in req.body) {
        const body = parseBody(PickBody, req.body);
        const picked = await writes.watched.pick(body.catalogId, body.pollIntervalSeconds);
        if (picked.kind === "unknown")
          throw new HttpProblem(400, "Invalid request", `catalogId: no catalog entry ${body.catalogId} (GET /api/v1/catalog lists them)`, {
            "invalid-params": [{ name: "catalogId", reason: "is not in the catalog" }],
          });
        if (picked.kind === "taken")
          throw new HttpProblem(
            409,
            "Conflict",
            picked.enabled
              ? `provider ${body.catalogId} is already watched`
              : `provider ${body.catalogId} is already added but paused: PATCH /api/v1/providers/${body.catalogId} with {"enabled": true}`,
          );
        res
          .status(picked.kind === "created" ? 201 : 200)
          .location(`/api/v1/providers/${encodeURIComponent(picked.id)}`)
          .json({ data: { ...(await providers.get(picked.id)), restored: picked.kind === "restored" } });
        return;
      }
      const body = parseBody(AddBody, req.body);
      const result = await registerProvider(writes.registration, body);
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
    r.patch("/:id", writes.auth, async (req, res) => {
      const id = String(req.params.id);
      const body = parseBody(PatchBody, req.body);
      const current = await providers.get(id);
      if (!current) throw notFound(`provider ${id}`);
      let signals: SignalEntry[] | undefined;
      if (body.signals) {
        const checked = validateSignals(body.signals, id, body.pollIntervalSeconds ?? current.pollIntervalSeconds);
        if (!Array.isArray(checked))
          throw new HttpProblem(400, "Invalid request", "invalid body parameter: signals", {
            "invalid-params": checked.problems.map((p) => ({ name: p.field, reason: p.message })),
          });
        signals = checked;
      }
      if (!(await writes.watched.update(id, { ...body, signals }))) throw notFound(`provider ${id}`);
      res.json({ data: await providers.get(id) });
    });
    r.delete("/:id", writes.auth, async (req, res) => {
      const id = String(req.params.id);
      const { purge } = parseQuery(DeleteQuery, req.query);
      const outcome = await writes.watched.remove(id, purge ?? false);
      if (outcome === "not_found") throw notFound(`provider ${id}`);
      if (outcome === "from_file")
        throw new HttpProblem(
          409,
          "Conflict",
          `provider ${id} is listed in PROVIDERS_FILE, which adds it again at every start: remove it from the file (or PATCH {"enabled": false} meanwhile)`,
        );
      res.status(204).end();
    });
  }
  r.get("/", async (req, res) => {
    const query = parseQuery(ListQuery, req.query);
    const enabled = query.enabled === "any" ? "any" : query.enabled !== "false";
    res.json({ data: await providers.list({ category: query.category, enabled }) });
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
