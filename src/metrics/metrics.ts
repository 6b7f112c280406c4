import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { PrismaClient } from "../generated/prisma/client";

/**
 * Everything statuswatch counts, on a registry of its own (made by the composition root, so tests
 * and several apps in one process never share counters). Gauges that describe the database
 * (source health, outbox lag, dead letters waiting) are read from it at scrape time, so they are
 * right whichever instance did the work.
 */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "statuswatch_process_" });
  const registers = [registry];
  let prisma: PrismaClient | undefined;

  const metrics = {
    registry,
    polls: new Counter({
      name: "statuswatch_polls_total",
      help: "Polls of a provider's page, by source kind and result (updated, unchanged, failed).",
      labelNames: ["kind", "result"],
      registers,
    }),
    pollDuration: new Histogram({
      name: "statuswatch_poll_duration_seconds",
      help: "Time to poll one provider (fetch, parse, store), by source kind.",
      labelNames: ["kind"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    events: new Counter({
      name: "statuswatch_events_ingested_total",
      help: "Timeline events written by polls, by event kind (backfill included).",
      labelNames: ["kind"],
      registers,
    }),
    deliveries: new Counter({
      name: "statuswatch_deliveries_total",
      help: "Delivery attempts by channel and outcome: sent, retry (will be tried again) or failed (dead letter).",
      labelNames: ["channel", "status"],
      registers,
    }),
    retries: new Counter({
      name: "statuswatch_delivery_retries_total",
      help: "Deliveries put back for another attempt, by channel.",
      labelNames: ["channel"],
      registers,
    }),
    deadLetters: new Counter({
      name: "statuswatch_dead_letters_total",
      help: "Deliveries that failed for good, by channel.",
      labelNames: ["channel"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "statuswatch_http_request_duration_seconds",
      help: "API and dashboard request time, by method, route pattern and status code.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    /** Gives the scrape-time gauges their database. */
    watch(db: PrismaClient) {
      prisma = db;
    },
  };

  new Gauge({
    name: "statuswatch_source_health",
    help: "Watched providers by the health of their source (pending, ok, failing, unreachable).",
    labelNames: ["state"],
    registers,
    async collect() {
      if (!prisma) return;
      const rows = await prisma.$queryRaw<Array<{ state: string; n: number }>>`
        select case when unreachable_since is not null then 'unreachable'
                    when consecutive_failures > 0 then 'failing'
                    when last_success_at is null then 'pending'
                    else 'ok' end as state, count(*)::int as n
        from providers where enabled group by 1`;
      this.reset();
      for (const state of ["pending", "ok", "failing", "unreachable"]) this.set({ state }, rows.find((r) => r.state === state)?.n ?? 0);
    },
  });
  new Gauge({
    name: "statuswatch_outbox_lag_seconds",
    help: "Age of the oldest event not yet delivered everywhere it should go (not fanned out, or a delivery pending or sending); 0 when none.",
    registers,
    async collect() {
      if (!prisma) return;
      const [row] = await prisma.$queryRaw<Array<{ oldest: Date | null }>>`
        select min(created_at) as oldest from (
          select created_at from events where fanned_out_at is null and not backfill
          union all
          select e.created_at from deliveries d join events e on e.id = d.event_id where d.status in ('pending', 'sending')
        ) x`;
      this.set(row?.oldest ? Math.max(0, (Date.now() - row.oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: "statuswatch_dead_letters",
    help: "Dead letters waiting in the delivery log (status failed), by channel.",
    labelNames: ["channel"],
    registers,
    async collect() {
      if (!prisma) return;
      const rows = await prisma.$queryRaw<Array<{ channel: string; n: number }>>`
        select s.channel, count(*)::int as n from deliveries d join subscriptions s on s.id = d.subscription_id where d.status = 'failed' group by 1`;
      this.reset();
      for (const r of rows) this.set({ channel: r.channel }, r.n);
    },
  });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
