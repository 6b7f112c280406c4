import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { mapLimit } from "../poller/poll-provider";
import { describeError } from "../sources/errors";
import type { HttpFetcher } from "../sources/fetch/http";
import { signalKind, type SignalObservation } from "./signal-kinds";

export interface SignalPollerDeps {
  prisma: PrismaClient;
  http: HttpFetcher;
  log: Logger;
  /** Called after each poll that stored something, to judge the provider again. */
  onPolled?: (providerId: string) => Promise<void>;
  concurrency?: number;
  /** A claim older than this (a process that died mid-poll) is taken over. */
  leaseMs?: number;
  /** Runs at most once a minute after a tick: open episodes are judged again even when no signal is due. */
  review?: () => Promise<unknown>;
}

interface Claimed {
  id: number;
  provider_id: string;
  kind: string;
  url: string;
  options: Record<string, unknown>;
  poll_interval_seconds: number;
}

export interface SignalPollOutcome {
  sourceId: number;
  providerId: string;
  result: "stored" | "failed";
  points: number;
  reason?: string;
}

/**
 * Polls the signals of watched providers on their own schedule. Due rows are claimed with FOR UPDATE SKIP LOCKED
 * and a lease, so any number of instances share them and none polls a signal twice at once.
 * A signal's failure is kept on its own row: it never touches the provider or its timeline.
 */
export class SignalPoller {
  constructor(private readonly deps: SignalPollerDeps) {}

  async claimDue(limit: number): Promise<Claimed[]> {
    const leaseMs = this.deps.leaseMs ?? 120_000;
    return this.deps.prisma.$queryRaw<Claimed[]>`
      update signal_sources s set lease_until = now() + ${leaseMs} * interval '1 millisecond'
      where s.id in (
        select id from signal_sources
        where enabled and next_poll_at <= now() and (lease_until is null or lease_until < now())
          -- A paused or removed provider's signals wait with it.
          and exists (select 1 from providers p where p.id = signal_sources.provider_id and p.enabled and p.deleted_at is null)
        order by next_poll_at, id
        for update skip locked
        limit ${limit})
      returning s.id, s.provider_id, s.kind, s.url, s.options, s.poll_interval_seconds`;
  }

  private lastReview = 0;

  async tick(): Promise<SignalPollOutcome[]> {
    const concurrency = this.deps.concurrency ?? 4;
    const due = await this.claimDue(concurrency * 4);
    const outcomes = await mapLimit(due, concurrency, (s) => this.pollOne(s));
    if (this.deps.review && Date.now() - this.lastReview >= 60_000) {
      this.lastReview = Date.now();
      await this.deps.review().catch((err) => this.deps.log.error({ err }, "reviewing open outage episodes failed"));
    }
    return outcomes;
  }

  private async pollOne(s: Claimed): Promise<SignalPollOutcome> {
    const { prisma, http, log } = this.deps;
    const next = new Date(Date.now() + s.poll_interval_seconds * 1000);
    const kind = signalKind(s.kind);
    let points: SignalObservation[];
    try {
      if (!kind) throw new Error(`unknown signal kind ${s.kind}`);
      points = await kind.read(s.url, s.options ?? {}, http, new Date());
    } catch (err) {
      const reason = describeError(err);
      await prisma.signalSource.update({
        where: { id: s.id },
        data: { lastPolledAt: new Date(), lastError: reason.slice(0, 2000), consecutiveFailures: { increment: 1 }, nextPollAt: next, leaseUntil: null },
      });
      log.warn({ provider: s.provider_id, signal: s.id, reason }, "signal poll failed");
      return { sourceId: s.id, providerId: s.provider_id, result: "failed", points: 0, reason };
    }
    const stored = await storePoints(prisma, s.id, points);
    const now = new Date();
    await prisma.signalSource.update({
      where: { id: s.id },
      data: { lastPolledAt: now, lastSuccessAt: now, lastError: null, consecutiveFailures: 0, nextPollAt: next, leaseUntil: null },
    });
    try {
      await this.deps.onPolled?.(s.provider_id);
    } catch (err) {
      log.error({ provider: s.provider_id, err }, "outage detection failed after a signal poll");
    }
    return { sourceId: s.id, providerId: s.provider_id, result: "stored", points: stored };
  }
}

/** Upserts by (signal, at): re-reading a series adds no row, a revised count replaces the old one. */
export async function storePoints(prisma: PrismaClient, sourceId: number, points: SignalObservation[]): Promise<number> {
  let written = 0;
  // Bounded batches keep one statement's parameters well under Postgres' limit.
  for (let i = 0; i < points.length; i += 500) {
    const batch = points.slice(i, i + 500);
    written += await prisma.$executeRaw`
      insert into signal_points (source_id, at, reports, baseline, ok, detail)
      select ${sourceId}, p.at, p.reports, p.baseline, p.ok, p.detail
      from unnest(${batch.map((p) => p.at)}::timestamptz[], ${batch.map((p) => p.reports ?? null)}::float8[],
                  ${batch.map((p) => p.baseline ?? null)}::float8[], ${batch.map((p) => p.ok ?? null)}::boolean[],
                  ${batch.map((p) => p.detail?.slice(0, 500) ?? null)}::text[]) as p(at, reports, baseline, ok, detail)
      on conflict (source_id, at) do update
        set reports = excluded.reports, baseline = excluded.baseline, ok = excluded.ok, detail = excluded.detail
        where (signal_points.reports, signal_points.baseline, signal_points.ok, signal_points.detail)
          is distinct from (excluded.reports, excluded.baseline, excluded.ok, excluded.detail)`;
  }
  return written;
}
