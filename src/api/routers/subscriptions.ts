import { Router } from "express";
import { z } from "zod";
import { IMPACTS } from "../../domain/status";
import { CHANNEL_NAMES } from "../../notify/channels";
import { canonicalTimeZone } from "../../notify/digest/period";
import type { DigestService } from "../../notify/digest/service";
import { SubscribableEventKind } from "../../notify/fanout";
import type { SubscriptionResult, SubscriptionService } from "../../notify/subscriptions";
import { HttpProblem, invalidParams, notFound } from "../problem";
import type { RequestHandler } from "express";
import { intId, parseBody, parseQuery } from "../validate";

/** The filters a subscription has; every one optional, on create and on patch. */
const Filters = z.object({
  providers: z.array(z.string().min(1).max(64)).max(200).optional(),
  components: z.array(z.string().min(1).max(200)).max(200).optional(),
  minImpact: z.enum(IMPACTS).optional(),
  events: z.array(SubscribableEventKind).min(1).max(SubscribableEventKind.options.length).optional(),
  paused: z.boolean().optional(),
  digest: z.enum(["off", "daily", "weekly"]).optional(),
  // Digest periods end at this local hour (weekly: on Mondays) in this IANA zone.
  digestHour: z.number().int().min(0).max(23).optional(),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => canonicalTimeZone(tz) !== undefined, "must be an IANA time zone such as Europe/Berlin")
    .transform((tz) => canonicalTimeZone(tz)!)
    .optional(),
});

export const PreviewQuery = z
  .object({
    period: z
      .string()
      .regex(/^(current|last|\d{4}-\d{2}-\d{2})$/, 'must be "current", "last" or a date YYYY-MM-DD (the day the digest is sent)')
      .default("last"),
    format: z.enum(["html", "text"]).optional(),
  })
  .strict();

export const CreateBody = Filters.extend({
  channel: z.enum(CHANNEL_NAMES),
  target: z.string().min(1).max(2000),
  // Each channel validates its own settings (see its `config` schema); the shape here is only "an object".
  config: z.record(z.string(), z.unknown()).optional(),
}).strict();

export const PatchBody = Filters.extend({
  channel: z.never({ error: "cannot be changed: delete the subscription and create another" }).optional(),
  target: z.never({ error: "cannot be changed: delete the subscription and create another" }).optional(),
  config: z.never({ error: "cannot be changed: delete the subscription and create another" }).optional(),
})
  .strict()
  .refine((b) => Object.keys(b).length > 0, "name at least one field to change");

export const TokenQuery = z.object({ token: z.string().min(20).max(200) });

function fieldProblem(field: string, message: string): HttpProblem {
  // The value itself is never echoed: it may be a secret webhook URL.
  return invalidParams(new z.ZodError([{ code: "custom", path: [field], message, input: undefined }]), "body");
}

function unwrap(r: SubscriptionResult) {
  if (r.ok) return r.reveal ? { ...r.subscription, ...r.reveal } : r.subscription;
  if (r.kind === "invalid") return fieldProblem(r.field, r.message);
  if (r.kind === "unknown-providers") {
    return invalidParams(
      new z.ZodError([{ code: "custom", path: ["providers"], message: `unknown provider ids: ${r.providers.join(", ")}`, input: undefined }]),
      "body",
    );
  }
  if (r.kind === "no-digests") return fieldProblem("digest", `${r.channel} subscriptions have no digests`);
  return new HttpProblem(r.kind === "no-mailer" ? 503 : 502, r.kind === "no-mailer" ? "Service Unavailable" : "Bad Gateway", r.reason);
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif"><h1>${title}</h1><p>${text}</p></body></html>`;
}

export function subscriptionsRouter(subscriptions: SubscriptionService, opts: { auth: RequestHandler; digests: DigestService }): Router {
  const r = Router();
  const { auth, digests } = opts;

  // Reached from links in emails: the unguessable token is the only credential.
  r.get("/confirm", async (req, res) => {
    const { token } = parseQuery(TokenQuery, req.query);
    const id = await subscriptions.confirm(token);
    if (!id) throw new HttpProblem(404, "Not Found", "this confirmation link is unknown or was already used");
    if (req.accepts(["json", "html"]) === "html")
      return void res.type("html").send(page("Subscription confirmed", "You will now receive statuswatch alerts at this address."));
    res.json({ data: { id, confirmed: true } });
  });
  const unsubscribe: RequestHandler = async (req, res) => {
    const { token } = parseQuery(TokenQuery, { token: req.query.token });
    const id = await subscriptions.unsubscribe(token);
    if (!id) throw new HttpProblem(404, "Not Found", "this unsubscribe link is unknown or the subscription is already gone");
    if (req.method === "GET" && req.accepts(["json", "html"]) === "html")
      return void res.type("html").send(page("Unsubscribed", "You will receive no more statuswatch alerts from this subscription."));
    res.json({ data: { id, unsubscribed: true } });
  };
  r.get("/unsubscribe", unsubscribe);
  r.post("/unsubscribe", unsubscribe);

  r.post("/", auth, async (req, res) => {
    const body = parseBody(CreateBody, req.body);
    const result = unwrap(await subscriptions.create(body));
    if (result instanceof HttpProblem) throw result;
    res.status(201).location(`/api/v1/subscriptions/${result.id}`).json({ data: result });
  });
  r.get("/", auth, async (_req, res) => {
    res.json({ data: await subscriptions.list() });
  });
  r.get("/:id", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const s = await subscriptions.get(id);
    if (!s) throw notFound(`subscription ${id}`);
    res.json({ data: s });
  });
  r.patch("/:id", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const patch = parseBody(PatchBody, req.body);
    const r2 = await subscriptions.update(id, patch);
    if (!r2) throw notFound(`subscription ${id}`);
    const result = unwrap(r2);
    if (result instanceof HttpProblem) throw result;
    res.json({ data: result });
  });
  r.post("/:id/test", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const result = await subscriptions.test(id);
    if (!result) throw notFound(`subscription ${id}`);
    res.json({ data: result });
  });
  r.get("/:id/digest-preview", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const query = parseQuery(PreviewQuery, req.query);
    const format = query.format ?? (req.accepts(["html", "text"]) === "text" ? "text" : "html");
    const out = await digests.preview(id, query.period, format);
    if (out === undefined) throw notFound(`subscription ${id}`);
    if (out === "bad-period")
      throw invalidParams(new z.ZodError([{ code: "custom", path: ["period"], message: "is not a date that exists", input: undefined }]), "query");
    res.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.type(format === "html" ? "html" : "text/plain").send(out);
  });
  r.delete("/:id", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    if (!(await subscriptions.remove(id))) throw notFound(`subscription ${id}`);
    res.status(204).end();
  });
  return r;
}
