import { Router } from "express";
import { z } from "zod";
import { IMPACTS } from "../../domain/status";
import { CHANNELS, channels } from "../../notify/channels";
import { SubscribableEventKind } from "../../notify/fanout";
import type { SubscriptionResult, SubscriptionService } from "../../notify/subscriptions";
import { disguisedHost, isTrusted, literalProblem, type NetClient } from "../../net";
import { slackTargetAllowed } from "../../notify/targets";
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
});

const CreateBody = Filters.extend({ channel: z.enum(CHANNELS), target: z.string().min(1).max(2000) }).strict();

const PatchBody = Filters.extend({
  channel: z.never({ error: "cannot be changed: delete the subscription and create another" }).optional(),
  target: z.never({ error: "cannot be changed: delete the subscription and create another" }).optional(),
})
  .strict()
  .refine((b) => Object.keys(b).length > 0, "name at least one field to change");

const TokenQuery = z.object({ token: z.string().min(20).max(200) });

function targetProblem(message: string): HttpProblem {
  // The target itself is never echoed: it may be a secret webhook URL.
  return invalidParams(new z.ZodError([{ code: "custom", path: ["target"], message, input: undefined }]), "body");
}

function unwrap(r: SubscriptionResult) {
  if (r.ok) return r.subscription;
  if (r.kind === "unknown-providers") {
    return invalidParams(new z.ZodError([{ code: "custom", path: ["providers"], message: `unknown provider ids: ${r.providers.join(", ")}`, input: undefined }]), "body");
  }
  if (r.kind === "digest-email-only") {
    return invalidParams(new z.ZodError([{ code: "custom", path: ["digest"], message: "digests are for email subscriptions", input: undefined }]), "body");
  }
  return new HttpProblem(r.kind === "no-mailer" ? 503 : 502, r.kind === "no-mailer" ? "Service Unavailable" : "Bad Gateway", r.reason);
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif"><h1>${title}</h1><p>${text}</p></body></html>`;
}

export function subscriptionsRouter(subscriptions: SubscriptionService, opts: { auth: RequestHandler; webhookAllowlist: readonly string[]; net: NetClient }): Router {
  const r = Router();
  const { auth } = opts;

  // Reached from links in emails: the unguessable token is the only credential.
  r.get("/confirm", async (req, res) => {
    const { token } = parseQuery(TokenQuery, req.query);
    const id = await subscriptions.confirm(token);
    if (!id) throw new HttpProblem(404, "Not Found", "this confirmation link is unknown or was already used");
    if (req.accepts(["json", "html"]) === "html") return void res.type("html").send(page("Subscription confirmed", "You will now receive statuswatch alerts at this address."));
    res.json({ data: { id, confirmed: true } });
  });
  const unsubscribe: RequestHandler = async (req, res) => {
    const { token } = parseQuery(TokenQuery, { token: req.query.token });
    const id = await subscriptions.unsubscribe(token);
    if (!id) throw new HttpProblem(404, "Not Found", "this unsubscribe link is unknown or the subscription is already gone");
    if (req.method === "GET" && req.accepts(["json", "html"]) === "html") return void res.type("html").send(page("Unsubscribed", "You will receive no more statuswatch alerts from this subscription."));
    res.json({ data: { id, unsubscribed: true } });
  };
  r.get("/unsubscribe", unsubscribe);
  r.post("/unsubscribe", unsubscribe);

  r.post("/", auth, async (req, res) => {
    const body = parseBody(CreateBody, req.body);
    const target = channels[body.channel].settings.safeParse(body.target);
    if (!target.success) throw targetProblem(body.channel === "email" ? "must be an email address" : "must be a URL");
    if (body.channel !== "email") {
      const canonical = disguisedHost(body.target);
      if (canonical) throw targetProblem(`the host is an IP address written in disguise (it is ${canonical}); write it as the URL parser does`);
      const policy = { allowlist: opts.webhookAllowlist };
      // A disguised private address is named as such, before any rule about hosts.
      const literal = isTrusted(new URL(target.data), policy) ? undefined : literalProblem(new URL(target.data).hostname);
      if (literal) throw targetProblem(literal.message);
      if (body.channel === "slack" && !slackTargetAllowed(target.data, opts.webhookAllowlist)) {
        throw targetProblem("must be an https://hooks.slack.com/ webhook URL (or match WEBHOOK_ALLOWLIST)");
      }
      // What the name resolves to now; every send is checked again at connect time. A name that does
      // not resolve yet is accepted: its sends are retried, and checked, when it does.
      const refused = await opts.net.check(target.data, policy);
      if (refused?.kind === "blocked" || refused?.kind === "invalid_url") throw targetProblem(refused.message);
    }
    const result = unwrap(await subscriptions.create({ ...body, target: target.data }));
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
  r.delete("/:id", auth, async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    if (!(await subscriptions.remove(id))) throw notFound(`subscription ${id}`);
    res.status(204).end();
  });
  return r;
}
