import type { Server } from "node:http";
import type { Express } from "express";
import { schedulePolling, type Schedule } from "../jobs/poll-schedule";
import { scheduleDigests } from "../jobs/digest-schedule";
import { scheduleSignals } from "../jobs/signal-schedule";
import { scheduleFailoverRefresh } from "../jobs/failover-refresh";
import { FailoverState } from "./failover/state";
import { createApi } from "./api/app";
import { assertCanListen, closeServer, listen } from "./api/listen";
import { DEFAULT_PROVIDER_IDS } from "./catalog/defaults";
import { loadCatalog, type Catalog } from "./catalog/load";
import { builtinCatalog } from "./catalog/pick-list";
import { prepareWatchList } from "./catalog/sync";
import type { Config } from "./config";
import { openDatabase, type Database } from "./db/database";
import type { Logger } from "./logger";
import { createMetrics } from "./metrics/metrics";
import { DigestService } from "./notify/digest/service";
import { createMailer, Dispatcher } from "./notify/dispatcher";
import type { PollDeps } from "./poller/poll-provider";
import { evaluateProvider, reviewOpenEpisodes } from "./outages/episodes";
import { SignalPoller } from "./outages/signal-poller";
import { PollScheduler } from "./poller/scheduler";
import { pageTickSeconds, signalTickSeconds } from "./poller/tick";
import { type Watching, watchingNow } from "./poller/watched-entries";
import { NetClient } from "./net";
import { HttpFetcher } from "./sources/fetch/http";
import type { ProviderEntry } from "./sources/types";
import { within } from "./util/within";

export interface Service {
  db: Database;
  /** PROVIDERS_FILE's entries (or the override's), applied at start; empty without a file. What is watched is the providers table. */
  catalog: Catalog;
  /** The built-in catalog: the list users pick from. */
  builtin: Catalog;
  pollDeps: PollDeps;
  /** Every outbound HTTP call (sources, probes, notifications) shares it and its concurrency limit. */
  net: NetClient;
  app: Express;
  server?: Server;
  port?: number;
  stop(): Promise<void>;
}

/** For the demo and tests: a provider list applied like PROVIDERS_FILE, and a faster scheduler tick. */
export interface ServiceOverrides {
  entries?: ProviderEntry[];
  tickSeconds?: number;
}

/** The composition root: database, catalog, pollers and API wired from one Config. */
export async function prepareService(
  config: Config,
  log: Logger,
  overrides: ServiceOverrides = {},
): Promise<Omit<Service, "app" | "stop"> & { close(): Promise<void>; watching: Watching }> {
  const net = new NetClient({ concurrency: config.http.concurrency, userAgent: config.http.userAgent, nat64Allowlist: config.http.nat64Allowlist });
  const file = overrides.entries
    ? { entries: overrides.entries, problems: [] }
    : config.providersFile
      ? loadCatalog(config.providersFile, config.polling.defaultIntervalSeconds)
      : undefined;
  const builtin = builtinCatalog(config.polling.defaultIntervalSeconds);
  for (const p of [...(file?.problems ?? []), ...builtin.problems]) log.warn({ provider: p.entry, field: p.field }, `catalog entry skipped: ${p.message}`);
  const catalog = file ?? { entries: [], problems: [] };
  const db = await openDatabase(config, log);
  let watching: Watching;
  try {
    const outcome = await prepareWatchList(db.prisma, { file: file?.entries, catalog: builtin.entries, defaults: DEFAULT_PROVIDER_IDS });
    if (outcome.seeded.length) log.info({ providers: outcome.seeded }, "fresh install: watching the default providers");
    if (outcome.refreshed.length) log.info({ providers: outcome.refreshed }, "providers picked from the catalog follow its changed pages");
    watching = await watchingNow(db.prisma);
  } catch (err) {
    await db.close();
    throw err;
  }
  const detect = async (providerId: string) => void (await evaluateProvider(db.prisma, providerId, config.outages));
  const pollDeps: PollDeps = {
    prisma: db.prisma,
    http: new HttpFetcher(config.http, net),
    httpWithoutRetries: new HttpFetcher({ ...config.http, retries: 0 }, net),
    failureThreshold: config.polling.failureThreshold,
    log,
    afterIngest: detect,
  };
  return {
    db,
    catalog,
    builtin,
    pollDeps,
    net,
    watching,
    close: async () => {
      await net.close();
      await db.close();
    },
  };
}

/** How long shutdown waits for polls and deliveries in flight (a poll's own timeout is 10 s by default). */
const SHUTDOWN_DRAIN_MS = 15_000;
/** How long open HTTP requests may take to finish before their connections are cut. */
const SHUTDOWN_HTTP_MS = 5_000;

export async function startService(config: Config, log: Logger, overrides: ServiceOverrides = {}): Promise<Service> {
  await assertCanListen(config.port, config.host);
  const prepared = await prepareService(config, log, overrides);
  const metrics = createMetrics({ defaultMetrics: true });
  metrics.watch(prepared.db.prisma);
  const { db, catalog, builtin, net } = prepared;
  const pollDeps: PollDeps = { ...prepared.pollDeps, metrics };
  const mailer = createMailer(config.notify);
  const failover = new FailoverState(db.prisma, { ...config.failover, log });
  const failoverRefresh = await scheduleFailoverRefresh(failover, { refreshMs: config.failover.refreshMs, listenUrl: db.url, log });
  const app = createApi({
    failover,
    prisma: db.prisma,
    log,
    notify: { apiKey: config.apiKey, config: config.notify, mailer, net },
    outages: config.outages,
    metrics: { registry: metrics, token: config.metricsToken },
    sources: { http: config.http, pollIntervalSeconds: config.polling.defaultIntervalSeconds },
    watch: { catalog: () => builtin.entries, fileIds: new Set(catalog.entries.map((e) => e.id)) },
  });
  const server = await listen(app, config.port, config.host).catch(async (err) => {
    await failoverRefresh.stop();
    await prepared.close();
    throw err;
  });
  const port = (server.address() as { port: number }).port;
  // Each tick is sized from the table as it is then, so an interval PATCHed shorter is followed without a restart.
  const fixedTick = overrides.tickSeconds;
  const tickOf = (fromTable: (prisma: typeof db.prisma) => Promise<number>) => () => (fixedTick ? Promise.resolve(fixedTick) : fromTable(db.prisma));
  let schedule: Schedule | undefined;
  if (config.polling.enabled) {
    const scheduler = new PollScheduler(
      pollDeps,
      {
        instanceId: config.instanceId,
        concurrency: config.polling.concurrency,
        backoffMaxSeconds: config.polling.backoffMaxSeconds,
      },
      log,
    );
    schedule = schedulePolling(scheduler, log, tickOf(pageTickSeconds));
  }
  let signalSchedule: Schedule | undefined;
  if (config.polling.enabled && config.outages.signalsEnabled) {
    const signals = new SignalPoller({
      prisma: db.prisma,
      http: pollDeps.http,
      log,
      concurrency: config.polling.concurrency,
      // The same early-warning judgement a page poll runs after ingest.
      onPolled: pollDeps.afterIngest,
      review: () => reviewOpenEpisodes(db.prisma, config.outages),
    });
    signalSchedule = scheduleSignals(signals, log, tickOf(signalTickSeconds));
  }
  const dispatcher = config.notify.enabled
    ? new Dispatcher({
        prisma: db.prisma,
        config: config.notify,
        log,
        mailer,
        net,
        instanceId: config.instanceId,
        voteSecret: config.outages.reportSalt,
        metrics,
      })
    : undefined;
  dispatcher?.start();
  const digestSchedule = config.notify.enabled
    ? scheduleDigests(new DigestService({ prisma: db.prisma, config: config.notify, log, mailer, net, instanceId: config.instanceId }), log)
    : undefined;
  log.info({ port, providers: prepared.watching.count, embeddedDatabase: !config.databaseUrl, instance: config.instanceId }, "statuswatch listening");
  return {
    db,
    catalog,
    builtin,
    pollDeps,
    net,
    app,
    server,
    port,
    async stop() {
      // In order: no new polls or deliveries, those in flight finish (bounded), then the HTTP
      // server, the pool, and last the Postgres this process started.
      const drained = await within(Promise.all([schedule?.stop(), signalSchedule?.stop(), dispatcher?.stop(), digestSchedule?.stop()]), SHUTDOWN_DRAIN_MS);
      if (!drained) log.warn({ waitedMs: SHUTDOWN_DRAIN_MS }, "polls or deliveries still running at shutdown; stopping anyway");
      mailer?.close();
      await closeServer(server, SHUTDOWN_HTTP_MS);
      await failoverRefresh.stop();
      await prepared.close();
    },
  };
}
