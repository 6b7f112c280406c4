import express, { type Express } from "express";
import type { Transporter } from "nodemailer";
import { loadConfig, type NotifyConfig, type OutagesConfig } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { DashboardService } from "../services/dashboard";
import { EventService } from "../services/events";
import { IncidentService } from "../services/incidents";
import { MaintenanceService } from "../services/maintenances";
import { ProviderService } from "../services/providers";
import { UptimeService } from "../services/uptime";
import { NetClient } from "../net";
import { HttpFetcher, type HttpOptions } from "../sources/fetch/http";
import { DeliveryService } from "../notify/deliveries";
import { DigestService } from "../notify/digest/service";
import { SubscriptionService } from "../notify/subscriptions";
import type { Metrics } from "../metrics/metrics";
import { compressResponses } from "./compression";
import { metricsHandler, timeRequests } from "./metrics";
import { docsPage } from "./openapi/docs-page";
import { openApiDocument } from "./openapi/document";
import { requireApiKey } from "./auth";
import { HttpProblem, problemHandler } from "./problem";
import { MAX_DEPTH, MAX_VALUES, requestShapeProblem, type ShapeProblem } from "./request-shape";
import { RateLimits } from "../services/rate-limits";
import { dashboardRouter } from "./routers/dashboard";
import { eventsRouter } from "./routers/events";
import { incidentsRouter } from "./routers/incidents";
import { maintenancesRouter } from "./routers/maintenances";
import { providersRouter } from "./routers/providers";
import { catalogRouter } from "./routers/catalog";
import { builtinCatalog } from "../catalog/pick-list";
import { CatalogService } from "../services/catalog";
import { WatchedProviders } from "../services/watched-providers";
import type { ProviderEntry } from "../sources/types";
import { deliveriesRouter } from "./routers/deliveries";
import { subscriptionsRouter } from "./routers/subscriptions";
import { evaluateProvider } from "../outages/episodes";
import { ReportService } from "../outages/reports";
import { OutageService } from "../outages/service";
import { outagesRouter } from "./routers/outages";
import { outageVoteRouter } from "./routers/outage-vote";
import { outagePagesRouter } from "./routers/outage-pages";
import { OutagePageService } from "../services/outage-pages";
import { providerSignalsRouter } from "./routers/provider-signals";
import { SlaService } from "../services/sla";
import { slaApiRouter, slaPageRouter } from "./routers/sla";
import { FailoverState } from "../failover/state";
import { FailoverService } from "../services/failover";
import { failoverRouter } from "./routers/failover";

export interface ApiDeps {
  prisma: PrismaClient;
  log: Logger;
  /** Without it the notifier's endpoints exist but refuse (no API key). */
  /** `net`: the shared outbound client (subscription checks and test sends); one of the API's own when absent. */
  notify?: { apiKey?: string; config: NotifyConfig; mailer?: Transporter; net?: NetClient };
  /** Early warning; defaults to the built-in defaults. */
  outages?: OutagesConfig;
  /** Serves /metrics and times every request; `token` (METRICS_TOKEN) makes /metrics ask for it. */
  metrics?: { registry: Metrics; token?: string };
  /** How POST /api/v1/providers fetches a typed URL; config defaults when absent. */
  sources?: { http: HttpOptions; pollIntervalSeconds: number; statusioApiBase?: string };
  /** The failover answer's state; without it one that each request refreshes when older than the configured refresh period. */
  failover?: FailoverState;
  /** The pick list (the built-in catalog when absent) and the ids PROVIDERS_FILE lists (they cannot be deleted here). */
  watch?: { catalog?: () => readonly ProviderEntry[]; fileIds?: ReadonlySet<string> };
}

async function databaseReachable(prisma: PrismaClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const probe = prisma.$queryRaw`select 1`.then(() => true).catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const SHAPE_PROBLEMS: Record<ShapeProblem, string> = {
  nul: "text may not contain NUL (U+0000) characters",
  "too-deep": `the request is nested too deeply (at most ${MAX_DEPTH} levels)`,
  "too-many": `the request holds too many values (at most ${MAX_VALUES})`,
};

export function createApi(deps: ApiDeps, extend?: (app: Express) => void): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  if (deps.metrics) app.use(timeRequests(deps.metrics.registry));
  app.use(compressResponses());
  app.use(express.json({ limit: "100kb" }));
  // Refused as bad input before any router sees it, rather than failing later with a 500.
  app.use((req, _res, next) => {
    const problem = /%00/i.test(req.originalUrl) ? "nul" : (requestShapeProblem(req.body) ?? requestShapeProblem(req.query));
    if (problem) return next(new HttpProblem(400, "Invalid request", SHAPE_PROBLEMS[problem]));
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    next();
  });

  if (deps.metrics) app.get("/metrics", metricsHandler(deps.metrics.registry, deps.metrics.token));
  app.get("/healthz", (_req, res) => void res.json({ data: { status: "ok" } }));
  app.get("/readyz", async (_req, res) => {
    const ok = await databaseReachable(deps.prisma, 2000);
    res.status(ok ? 200 : 503).json({ data: { status: ok ? "ready" : "database unreachable" } });
  });

  const notify = deps.notify ?? { config: loadConfig({}).notify };
  const outagesCfg = deps.outages ?? loadConfig({}).outages;
  const outages = new OutageService(deps.prisma, outagesCfg);
  const reports = new ReportService(deps.prisma, outagesCfg, async (providerId) => {
    await evaluateProvider(deps.prisma, providerId, outagesCfg);
  });
  const v1 = express.Router();
  const openapi = openApiDocument(notify.config.publicUrl);
  v1.get("/openapi.json", (_req, res) => void res.json(openapi));
  app.get("/api/docs", (_req, res) => {
    res.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.type("html").send(docsPage(openapi));
  });
  const sources =
    deps.sources ??
    (() => {
      const c = loadConfig({});
      return { http: c.http, pollIntervalSeconds: c.polling.defaultIntervalSeconds };
    })();
  // A typed URL is not the operator's: its own origin gets the address check (SOURCE_ALLOWLIST opens it).
  const registration = {
    prisma: deps.prisma,
    http: new HttpFetcher({ ...sources.http, retries: 0, trustPageOrigin: false }, notify.net),
    allowlist: sources.http.allowlist,
    pollIntervalSeconds: sources.pollIntervalSeconds,
    statusioApiBase: deps.sources?.statusioApiBase,
  };
  const catalogEntries = deps.watch?.catalog ?? (() => builtinCatalog(sources.pollIntervalSeconds).entries);
  const watched = new WatchedProviders(deps.prisma, catalogEntries, deps.watch?.fileIds);
  v1.use("/catalog", catalogRouter(new CatalogService(catalogEntries, watched)));
  v1.use(
    "/providers",
    providersRouter(new ProviderService(deps.prisma), new UptimeService(deps.prisma), {
      auth: requireApiKey(notify.apiKey),
      registration,
      watched,
    }),
  );
  v1.use("/providers", providerSignalsRouter(new ProviderService(deps.prisma), outages, reports, { apiKey: notify.apiKey, secret: outagesCfg.reportSalt }));
  v1.use("/providers", slaApiRouter(new SlaService(deps.prisma)));
  v1.use("/outages", outagesRouter(outages));
  const failoverState =
    deps.failover ??
    (() => {
      const c = loadConfig({}).failover;
      return new FailoverState(deps.prisma, { refreshMs: c.refreshMs, uptimeRefreshMs: c.uptimeRefreshMs, log: deps.log });
    })();
  v1.use("/failover", failoverRouter(new FailoverService(failoverState)));
  v1.use("/incidents", incidentsRouter(new IncidentService(deps.prisma)));
  v1.use("/maintenances", maintenancesRouter(new MaintenanceService(deps.prisma)));
  v1.use("/events", eventsRouter(new EventService(deps.prisma)));
  const auth = requireApiKey(notify.apiKey);
  const net = notify.net ?? new NetClient();
  const subscriptions = new SubscriptionService(deps.prisma, notify.config, deps.log, net, notify.mailer);
  const digests = new DigestService({ prisma: deps.prisma, config: notify.config, log: deps.log, mailer: notify.mailer, net });
  v1.use("/subscriptions", subscriptionsRouter(subscriptions, { auth, digests }));
  v1.use("/deliveries", deliveriesRouter(new DeliveryService(deps.prisma), auth));
  app.use("/api/v1", v1);
  app.use("/", outageVoteRouter(reports, outagesCfg.reportSalt));
  // After the vote router: `/outages/vote` is its page, not an outage id.
  app.use("/", outagePagesRouter(new OutagePageService(deps.prisma)));
  app.use("/", slaPageRouter(new SlaService(deps.prisma)));
  app.use(
    "/",
    dashboardRouter({
      dashboard: new DashboardService(deps.prisma),
      incidents: new IncidentService(deps.prisma),
      maintenances: new MaintenanceService(deps.prisma),
      subscriptions,
      publicUrl: notify.config.publicUrl,
      tokenSecret: notify.config.tokenSecret,
      rateLimits: notify.config.tokenSecret ? new RateLimits(deps.prisma, notify.config.tokenSecret) : undefined,
      subscribeEnabled: !!notify.mailer,
    }),
  );
  extend?.(app);

  app.use((req, _res, next) => next(new HttpProblem(404, "Not Found", `no route for ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}
