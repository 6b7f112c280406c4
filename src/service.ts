import type { Server } from "node:http";
import type { Express } from "express";
import { schedulePolling, type Schedule } from "../jobs/poll-schedule";
import { scheduleSignals } from "../jobs/signal-schedule";
import { createApi } from "./api/app";
import { loadCatalog, type Catalog } from "./catalog/load";
import { syncCatalog } from "./catalog/sync";
import type { Config } from "./config";
import { openDatabase, type Database } from "./db/database";
import type { Logger } from "./logger";
import { createMailer, Dispatcher } from "./notify/dispatcher";
import type { PollDeps } from "./poller/poll-provider";
import { evaluateProvider, reviewOpenEpisodes } from "./outages/episodes";
import { SignalPoller } from "./outages/signal-poller";
import { syncSignals } from "./outages/signal-sync";
import { PollScheduler } from "./poller/scheduler";
import { HttpFetcher } from "./sources/http";
import type { ProviderEntry } from "./sources/types";

export interface Service {
  db: Database;
  catalog: Catalog;
  pollDeps: PollDeps;
  app: Express;
  server?: Server;
  port?: number;
  stop(): Promise<void>;
}

/** For the demo and tests: a fixed provider list and a faster scheduler tick. */
export interface ServiceOverrides {
  entries?: ProviderEntry[];
  tickSeconds?: number;
}

/** The composition root: database, catalog, pollers and API wired from one Config. */
export async function prepareService(
  config: Config,
  log: Logger,
  overrides: ServiceOverrides = {},
): Promise<Omit<Service, "app" | "stop"> & { close(): Promise<void> }> {
  const catalog = overrides.entries ? { entries: overrides.entries, problems: [] } : loadCatalog(config.providersFile, config.polling.defaultIntervalSeconds);
  for (const p of catalog.problems) log.warn({ provider: p.entry, field: p.field }, `catalog entry skipped: ${p.message}`);
  const db = await openDatabase(config, log);
  try {
    await syncCatalog(db.prisma, catalog.entries);
    await syncSignals(db.prisma, catalog.entries);
  } catch (err) {
    await db.close();
    throw err;
  }
  const detect = async (providerId: string) => void (await evaluateProvider(db.prisma, providerId, config.outages));
  const pollDeps: PollDeps = { prisma: db.prisma, http: new HttpFetcher(config.http), failureThreshold: config.polling.failureThreshold, log, afterIngest: detect };
  return { db, catalog, pollDeps, close: () => db.close() };
}

/** The scheduler ticks often enough for the shortest interval: every 5 s, or faster down to 1 s. */
export function tickFor(entries: readonly ProviderEntry[]): number {
  const shortest = Math.min(5, ...entries.map((e) => e.pollIntervalSeconds));
  return Math.max(1, Math.floor(shortest));
}

export async function startService(config: Config, log: Logger, overrides: ServiceOverrides = {}): Promise<Service> {
  const prepared = await prepareService(config, log, overrides);
  const { db, catalog, pollDeps } = prepared;
  const mailer = createMailer(config.notify);
  const app = createApi({ prisma: db.prisma, log, notify: { apiKey: config.apiKey, config: config.notify, mailer }, outages: config.outages });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  }).catch(async (err) => {
    await prepared.close();
    throw err;
  });
  const port = (server.address() as { port: number }).port;
  let schedule: Schedule | undefined;
  if (config.polling.enabled) {
    schedule = schedulePolling(new PollScheduler(pollDeps, catalog.entries, config.polling.concurrency, log), log, overrides.tickSeconds ?? tickFor(catalog.entries));
  }
  const detect = async (providerId: string) => void (await evaluateProvider(db.prisma, providerId, config.outages));
  let signalSchedule: Schedule | undefined;
  if (config.polling.enabled && config.outages.signalsEnabled) {
    const signals = new SignalPoller({ prisma: db.prisma, http: pollDeps.http, log, concurrency: config.polling.concurrency, onPolled: detect, review: () => reviewOpenEpisodes(db.prisma, config.outages) });
    signalSchedule = scheduleSignals(signals, log, overrides.tickSeconds ?? tickFor(catalog.entries.flatMap((e) => (e.signals ?? []).map((s) => ({ ...e, pollIntervalSeconds: s.pollIntervalSeconds })))));
  }
  const dispatcher = config.notify.enabled ? new Dispatcher({ prisma: db.prisma, config: config.notify, log, mailer, voteSecret: config.outages.reportSalt }) : undefined;
  dispatcher?.start();
  log.info({ port, providers: catalog.entries.length, embeddedDatabase: !config.databaseUrl }, "statuswatch listening");
  return {
    db,
    catalog,
    pollDeps,
    app,
    server,
    port,
    async stop() {
      await schedule?.stop();
      await signalSchedule?.stop();
      await dispatcher?.stop();
      mailer?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await prepared.close();
    },
  };
}
