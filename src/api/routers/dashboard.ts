import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import { renderAtom } from "../../dashboard/atom";
import { renderBadge } from "../../dashboard/badge-svg";
import { formToken, formTokenValid } from "../../dashboard/form-token";
import { renderIcs } from "../../dashboard/ical";
import { renderIncidentPage } from "../../dashboard/incident-page";
import { renderMaintenancePage } from "../../dashboard/maintenance-page";
import { renderDashboardParts } from "../../dashboard/page";
import { type HtmlParts, partsToBuffer } from "../../dashboard/parts";
import { renderProviderPage } from "../../dashboard/provider-page";
import type { SubscribeNotice } from "../../dashboard/subscribe-form";
import { channels } from "../../notify/channels";
import type { SubscriptionService } from "../../notify/subscriptions";
import type { DashboardService } from "../../services/dashboard";
import type { IncidentService } from "../../services/incidents";
import type { MaintenanceService } from "../../services/maintenances";
import type { RateLimits } from "../../services/rate-limits";
import { notFound } from "../problem";
import { intId, parseQuery, q } from "../validate";

/** A GET form sends `category=` for "all": treat empty values as absent. */
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const DashboardQuery = z
  .object({
    category: z.preprocess(blankToUndefined, q.list(CATEGORIES).optional()),
    q: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  })
  .strict();
const ProviderId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "is not a provider id");
const ProviderQuery = z.object({ before: q.pageCursor }).strict();
const BadgeQuery = z.object({ component: z.string().min(1).max(200).optional() }).strict();

/** No script, no remote resources: the page is inert even if escaping ever failed. Forms post only here. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function sendPage(res: Response, html: string | HtmlParts, status = 200): void {
  res.setHeader("content-security-policy", CSP);
  res.setHeader("cache-control", "no-store");
  // Not res.send: it would hash the whole page (3 MB for `/` with 300 providers) for an ETag a no-store page never uses.
  const body = typeof html === "string" ? Buffer.from(html) : partsToBuffer(html);
  res.status(status).type("html").setHeader("content-length", body.length);
  res.end(body);
}

export interface DashboardDeps {
  dashboard: DashboardService;
  incidents: IncidentService;
  maintenances: MaintenanceService;
  subscriptions: SubscriptionService;
  publicUrl: string;
  /** Signs the subscribe form's token; without it (no API_KEY/TOKEN_SECRET) email self-subscribe is off. */
  tokenSecret?: string;
  subscribeEnabled: boolean;
  /** Shared by every instance on the database; absent without a token secret (the form is off then). */
  rateLimits?: RateLimits;
  /** Subscribe attempts per client address per window, and for everyone together per hour. */
  subscribeLimits?: { perClient: number; windowMs: number; perHour: number };
}

/** A browser always sends Origin on a cross-site POST; when present it must be ours. */
function sameOrigin(req: Request): boolean {
  const origin = req.get("origin");
  if (!origin) return req.get("sec-fetch-site") === undefined || req.get("sec-fetch-site") === "same-origin";
  try {
    return new URL(origin).host === req.get("host");
  } catch {
    return false;
  }
}

export function dashboardRouter(deps: DashboardDeps): Router {
  const { dashboard, incidents, maintenances } = deps;
  const limits = deps.subscribeLimits ?? { perClient: 5, windowMs: 10 * 60_000, perHour: 200 };
  const r = Router();

  r.get("/", async (req, res) => {
    const query = parseQuery(DashboardQuery, req.query);
    sendPage(res, renderDashboardParts(await dashboard.load({ category: query.category, q: query.q })));
  });

  const providerPage = async (res: Response, id: string, before: string | undefined, notice?: SubscribeNotice, status = 200) => {
    const cursor = before ? { startedAt: new Date(Number(before.split("-")[0])), id: Number(before.split("-")[1]) } : undefined;
    const data = await dashboard.provider(id, { before: cursor });
    if (!data) throw notFound(`provider ${id}`);
    const token = deps.tokenSecret ? formToken(deps.tokenSecret, id) : "";
    sendPage(res, renderProviderPage(data, { notice, formToken: token, subscribeEnabled: deps.subscribeEnabled && !!deps.tokenSecret }), status);
  };

  r.get("/providers/:id", async (req, res) => {
    const id = parseQuery(ProviderId, req.params.id);
    const { before } = parseQuery(ProviderQuery, req.query);
    await providerPage(res, id, before);
  });

  r.post("/providers/:id/subscribe", express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 300 }), async (req, res) => {
    const id = parseQuery(ProviderId, req.params.id);
    const fail = (status: number, text: string) => providerPage(res, id, undefined, { kind: "error", text }, status);
    const rateLimits = deps.rateLimits;
    if (!deps.subscribeEnabled || !deps.tokenSecret || !rateLimits) return fail(503, "Email updates are not enabled on this statuswatch.");
    if (!sameOrigin(req) || !formTokenValid(deps.tokenSecret, id, req.body?.token))
      return fail(403, "This form has expired or was not sent from this site. Please try again from this page.");
    if (
      !(await rateLimits.take("subscribe-client", req.ip ?? "unknown", limits.perClient, limits.windowMs)) ||
      !(await rateLimits.take("subscribe-all", "all", limits.perHour, 3_600_000))
    ) {
      res.setHeader("retry-after", String(Math.ceil(limits.windowMs / 1000)));
      return fail(429, "Too many subscription requests. Please wait a few minutes and try again.");
    }
    const email = channels.email.target.safeParse(req.body?.email);
    if (!email.success) return fail(400, "Please enter a valid email address.");
    const picked = ([] as unknown[]).concat(req.body?.component ?? []).filter((c): c is string => typeof c === "string");
    const data = await dashboard.provider(id, {});
    if (!data) throw notFound(`provider ${id}`);
    const known = new Set(data.components.map((c) => c.name));
    if (picked.some((c) => !known.has(c))) return fail(400, "Please choose components from the list.");
    const result = await deps.subscriptions.create({ channel: "email", target: email.data, providers: [id], components: picked });
    if (!result.ok) return fail(result.kind === "no-mailer" ? 503 : 502, "The confirmation email could not be sent. Please try again later.");
    // The address is not echoed: the page may be shared or cached by a proxy.
    return providerPage(res, id, undefined, {
      kind: "sent",
      text: "Almost done: we sent a confirmation link to that address. Updates start once you confirm.",
    });
  });

  r.get("/feed.atom", async (_req, res) => {
    const events = await dashboard.feed(undefined);
    res
      .type("application/atom+xml")
      .send(renderAtom({ publicUrl: deps.publicUrl, selfPath: "/feed.atom", title: "statuswatch: recent changes", events, now: new Date() }));
  });
  r.get("/providers/:id/feed.atom", async (req, res) => {
    const id = parseQuery(ProviderId, req.params.id);
    const badge = await dashboard.badge(id);
    if (!badge) throw notFound(`provider ${id}`);
    const events = await dashboard.feed(id);
    res
      .type("application/atom+xml")
      .send(renderAtom({ publicUrl: deps.publicUrl, selfPath: `/providers/${id}/feed.atom`, title: `statuswatch: ${badge.label}`, events, now: new Date() }));
  });
  r.get("/maintenances.ics", async (_req, res) => {
    const items = await dashboard.calendar();
    res.type("text/calendar; charset=utf-8").send(renderIcs({ publicUrl: deps.publicUrl, host: new URL(deps.publicUrl).host, items, now: new Date() }));
  });
  r.get("/badge/:file", async (req, res) => {
    const m = /^(.+)\.svg$/.exec(req.params.file);
    if (!m) throw notFound(`badge ${req.params.file}`);
    const id = parseQuery(ProviderId, m[1]);
    const { component } = parseQuery(BadgeQuery, req.query);
    const badge = await dashboard.badge(id, component);
    if (badge === undefined) throw notFound(`provider ${id}`);
    if (badge === null) throw notFound(`component ${component} of ${id}`);
    res.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader("cache-control", "public, max-age=60");
    res.type("image/svg+xml").send(renderBadge(badge.label, badge.status, badge.unreadable));
  });

  // The page alert messages link to.
  r.get("/incidents/:id", async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const incident = await incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    sendPage(res, renderIncidentPage(incident));
  });
  r.get("/maintenances/:id", async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const maintenance = await maintenances.get(id);
    if (!maintenance) throw notFound(`maintenance ${id}`);
    sendPage(res, renderMaintenancePage(maintenance));
  });
  return r;
}
