import express, { type Express } from "express";
import type { Transporter } from "nodemailer";
import { loadConfig, type NotifyConfig } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { DashboardService } from "../services/dashboard";
import { EventService } from "../services/events";
import { IncidentService } from "../services/incidents";
import { MaintenanceService } from "../services/maintenances";
import { ProviderService } from "../services/providers";
import { UptimeService } from "../services/uptime";
import { NetClient } from "../net";
import { HttpFetcher, type HttpOptions } from "../sources/http";
import { DeliveryService } from "../notify/deliveries";
import { SubscriptionService } from "../notify/subscriptions";
import { requireApiKey } from "./auth";
import { HttpProblem, problemHandler } from "./problem";
import { dashboardRouter } from "./routers/dashboard";
import { eventsRouter } from "./routers/events";
import { incidentsRouter } from "./routers/incidents";
import { maintenancesRouter } from "./routers/maintenances";
import { providersRouter } from "./routers/providers";
import { deliveriesRouter } from "./routers/deliveries";
import { subscriptionsRouter } from "./routers/subscriptions";

export interface ApiDeps {
  prisma: PrismaClient;
  log: Logger;
  /** Without it the notifier's endpoints exist but refuse (no API key). */
  notify?: { apiKey?: string; config: NotifyConfig; mailer?: Transporter; net?: NetClient };
  /** How POST /api/v1/providers fetches a typed URL; config defaults when absent. */
  sources?: { http: HttpOptions; pollIntervalSeconds: number; statusioApiBase?: string };
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

export function createApi(deps: ApiDeps, extend?: (app: Express) => void): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(express.json({ limit: "100kb" }));
  // Postgres text cannot hold U+0000: refuse it as bad input rather than fail with a 500.
  app.use((req, _res, next) => {
    const hasNul = (v: unknown): boolean =>
      typeof v === "string" ? v.includes("\u0000") : Array.isArray(v) ? v.some(hasNul) : !!v && typeof v === "object" && Object.values(v).some(hasNul);
    if (hasNul(req.body) || hasNul(req.query) || /%00/i.test(req.originalUrl)) return next(new HttpProblem(400, "Invalid request", "text may not contain NUL (U+0000) characters"));
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    next();
  });

  app.get("/healthz", (_req, res) => void res.json({ data: { status: "ok" } }));
  app.get("/readyz", async (_req, res) => {
    const ok = await databaseReachable(deps.prisma, 2000);
    res.status(ok ? 200 : 503).json({ data: { status: ok ? "ready" : "database unreachable" } });
  });

  const v1 = express.Router();
  const notify = deps.notify ?? { config: loadConfig({}).notify };
  const auth = requireApiKey(notify.apiKey);
  const sources = deps.sources ?? (() => {
    const c = loadConfig({});
    return { http: c.http, pollIntervalSeconds: c.polling.defaultIntervalSeconds };
  })();
  // A typed URL is not the operator's: its own origin gets the address check (SOURCE_ALLOWLIST opens it).
  const registration = { prisma: deps.prisma, http: new HttpFetcher({ ...sources.http, retries: 0, trustPageOrigin: false }, notify.net), allowlist: sources.http.allowlist, pollIntervalSeconds: sources.pollIntervalSeconds, statusioApiBase: deps.sources?.statusioApiBase };
  v1.use("/providers", providersRouter(new ProviderService(deps.prisma), new UptimeService(deps.prisma), { auth, registration }));
  v1.use("/incidents", incidentsRouter(new IncidentService(deps.prisma)));
  v1.use("/maintenances", maintenancesRouter(new MaintenanceService(deps.prisma)));
  v1.use("/events", eventsRouter(new EventService(deps.prisma)));
  const subscriptions = new SubscriptionService(deps.prisma, notify.config, deps.log, notify.mailer);
  v1.use("/subscriptions", subscriptionsRouter(subscriptions, { auth, webhookAllowlist: notify.config.webhookAllowlist, net: notify.net ?? new NetClient() }));
  v1.use("/deliveries", deliveriesRouter(new DeliveryService(deps.prisma), auth));
  app.use("/api/v1", v1);
  app.use("/", dashboardRouter(new DashboardService(deps.prisma), new IncidentService(deps.prisma), new MaintenanceService(deps.prisma)));
  extend?.(app);

  app.use((req, _res, next) => next(new HttpProblem(404, "Not Found", `no route for ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}
