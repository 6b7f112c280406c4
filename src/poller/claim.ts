import type { PrismaClient } from "../generated/prisma/client";
import type { Validators } from "../sources/fetch/http";
import { type FormatColumns, formatStateOf } from "../timeline/format-state";
import type { FormatWatchState } from "./format-watch";

/** A provider this instance holds for one poll: the row as it was before the claim. */
export interface ClaimedProvider {
  id: string;
  name: string;
  kind: string;
  url: string;
  category: string | null;
  pollIntervalSeconds: number;
  options: unknown;
  httpCache: Record<string, Validators>;
  consecutiveFailures: number;
  /** Before the claim: the claim itself counts a healthy provider's poll as a success until it fails. */
  lastSuccessAt: Date | null;
  /** The claim recorded success in advance (healthy provider); an unchanged page then writes nothing more. */
  successRecorded: boolean;
  claimedAt: Date;
  /** The format watch's state, so a poll can tell before its transaction whether it raises source_format_changed (and detect first). */
  format: FormatWatchState;
}

interface Row extends FormatColumns {
  id: string;
  name: string;
  url: string;
  category: string | null;
  poll_interval_seconds: number;
  options: unknown;
  http_cache: unknown;
  consecutive_failures: number;
  last_success_at: Date | null;
  success_recorded: boolean;
  claimed_at: Date;
}

/**
 * Claims up to `limit` due providers for `owner` in one statement. `earlyMs` lets a tick take a
 * provider due a moment later (ticks are whole seconds apart; without it a poll due 5 ms after a
 * tick would wait a whole tick). A row is due when its
 * next_poll_at has come and no live lease holds it; SKIP LOCKED lets any number of instances claim
 * at once without waiting on each other. The claim is the poll's only write when nothing changed:
 * it sets last_polled_at, the next due time and the lease (both one interval ahead, so a dead
 * instance's providers are taken over by the others within two intervals), and for a healthy
 * provider also last_success_at, which a failure puts back.
 */
export async function claimDueProviders(prisma: PrismaClient, owner: string, limit: number, exclude: string[], earlyMs = 0): Promise<ClaimedProvider[]> {
  if (limit <= 0) return [];
  const dueBy = `${Math.max(0, Math.floor(earlyMs))} milliseconds`;
  const rows = await prisma.$queryRaw<Row[]>`
    with due as (
      select id, consecutive_failures, last_success_at,
        (consecutive_failures = 0 and last_error is null and unreachable_since is null and last_success_at is not null) as healthy
      from providers
      where enabled and next_poll_at <= now() + ${dueBy}::interval and (lease_expires_at is null or lease_expires_at <= now() + ${dueBy}::interval)
        and not (id = any(${exclude}::text[]))
      order by next_poll_at, id
      limit ${limit}
      for update skip locked
    )
    update providers p set
      last_polled_at = now(),
      next_poll_at = now() + make_interval(secs => p.poll_interval_seconds),
      lease_owner = ${owner},
      lease_expires_at = now() + make_interval(secs => p.poll_interval_seconds),
      last_success_at = case when due.healthy then now() else p.last_success_at end
    from due where p.id = due.id
    returning p.id, p.name, p.kind, p.url, p.category, p.poll_interval_seconds, p.options, p.http_cache,
      due.consecutive_failures, due.last_success_at, due.healthy as success_recorded, p.last_polled_at as claimed_at,
      p.format_good_components, p.format_suspicious_polls, p.format_changed_since`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    url: r.url,
    category: r.category,
    pollIntervalSeconds: r.poll_interval_seconds,
    options: r.options,
    httpCache: (r.http_cache ?? {}) as Record<string, Validators>,
    consecutiveFailures: r.consecutive_failures,
    lastSuccessAt: r.last_success_at,
    successRecorded: r.success_recorded,
    claimedAt: r.claimed_at,
    format: formatStateOf(r),
  }));
}

/** Keeps the leases of polls still running (a slow page) from expiring under them. */
export async function renewLeases(prisma: PrismaClient, owner: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await prisma.$executeRaw`
    update providers set lease_expires_at = now() + make_interval(secs => poll_interval_seconds)
    where id = any(${ids}::text[]) and lease_owner = ${owner}`;
}

/** At start: leases this instance held before it died are its own to drop, so polling resumes at once. */
export async function releaseOwnLeases(prisma: PrismaClient, owner: string): Promise<number> {
  return prisma.$executeRaw`
    update providers set lease_expires_at = null, next_poll_at = least(next_poll_at, now())
    where lease_owner = ${owner} and lease_expires_at > now()`;
}
