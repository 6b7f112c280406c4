import type { Snapshot } from "../domain/snapshot";
import type { PrismaClient } from "../generated/prisma/client";
import type { Prisma } from "../generated/prisma/client";
import type { Validators } from "../sources/fetch/http";
import { confirmOnIncidentOpened } from "../outages/episodes";
import { changesTimeline, diffSnapshot, isEmptyDiff } from "./diff";
import { loadStoredState, markProviderSuccess, type ProviderPollState } from "./store";
import { writeDiff } from "./write";
import { poolOf } from "../db/pool";
import { inPgTransaction, prismaSql, Rollback, type Sql } from "../db/sql";
import type { EventKind } from "../domain/status";
import { newEvent } from "../events/contract";
import { sanitizeSnapshot } from "./sanitize";
import { applyFormatObservation, FORMAT_COLUMNS, type FormatColumns, formatStateOf, planFormatObservation } from "./format-state";
import type { FormatSuggestion } from "../poller/format-suggest";
import { parsedObservation } from "../poller/format-watch";

type Tx = Prisma.TransactionClient;

export interface IngestResult {
  /** The timeline changed: something happened, or something new was learned about it. */
  changed: boolean;
  events: number;
  /** The diff's events by kind (for metrics). */
  kinds: Partial<Record<EventKind, number>>;
}

/** Serializes writers of one provider's timeline (server and poll:once may poll it at once). */
async function lockProvider(tx: Tx, providerId: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${lockKey(providerId)}))`;
}

const lockKey = (providerId: string) => `provider:${providerId}`;

/** A string as an SQL literal (standard_conforming_strings is on; a NUL cannot reach here, ids are checked text). */
const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

const lockStatement = (providerId: string) => `SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(lockKey(providerId))}))`;

/** How long one statement of a poll's transaction may run (what Prisma's transaction timeout was). */
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * Writes one snapshot: the diff against what is stored, the timeline rows and their events, and
 * the provider's health, all in one transaction. An unchanged snapshot writes no timeline row, and
 * no provider row either when the source was healthy and its success is fresh (see successIsFresh).
 *
 * The transaction runs on a connection of the client's own pg pool with prepared statements, in
 * four round trips at most: BEGIN with the locks, one read, one write (src/timeline/write.ts),
 * COMMIT. Only when the snapshot opens an incident while an early-warning episode is suspected
 * (which the outages module confirms with Prisma in the same transaction) is it rolled back before
 * writing and done in a Prisma transaction instead.
 */
export async function ingestSnapshot(
  prisma: PrismaClient,
  providerId: string,
  raw: Snapshot,
  validators: Record<string, Validators>,
  now: Date,
  /** Detection's answer, found before this transaction, for the event when this poll raises source_format_changed. */
  suggestion?: FormatSuggestion,
): Promise<IngestResult> {
  const snapshot = sanitizeSnapshot(raw);
  const pool = poolOf(prisma);
  if (pool) {
    const written = await inPgTransaction(
      pool,
      {
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
        begin: [
          lockStatement(providerId),
          // The outage lock too (after the provider's, the order confirmOnIncidentOpened takes them
          // in), so the read sees whether an episode is suspected as it will be at commit.
          `SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(`outage:${providerId}`)}))`,
          // The same few statements run for every provider: plan them once per connection.
          "SET LOCAL plan_cache_mode = force_generic_plan",
        ],
        // A first sync's events are backfill, which alerts no one; if Postgres itself crashed before
        // flushing this commit, the next poll would sync again. So it need not wait for the disk.
        commit: (w) => ((w as Written).backfill ? ["SET LOCAL synchronous_commit = off"] : []),
      },
      (sql) => writeSnapshot(sql, providerId, snapshot, validators, now, suggestion, undefined),
    );
    if (written) return written.result;
  }
  return prisma.$transaction(
    async (tx) => {
      await lockProvider(tx, providerId);
      const written = await writeSnapshot(prismaSql(tx), providerId, snapshot, validators, now, suggestion, () => confirmOnIncidentOpened(tx, providerId, now));
      if (written.backfill) await tx.$executeRawUnsafe(`SET LOCAL synchronous_commit = off`);
      return written.result;
    },
    { timeout: STATEMENT_TIMEOUT_MS, maxWait: 30_000 },
  );
}

interface Written {
  result: IngestResult;
  backfill: boolean;
}

/** The body of ingestSnapshot's transaction; the caller holds the provider's lock. */
async function writeSnapshot(
  sql: Sql,
  providerId: string,
  snapshot: Snapshot,
  validators: Record<string, Validators>,
  now: Date,
  suggestion: FormatSuggestion | undefined,
  confirmEpisode: (() => Promise<void>) | undefined,
): Promise<Written> {
  const loaded = await loadStoredState(sql, providerId, snapshot);
  if (!loaded) throw new Error(`provider ${providerId} is not in the database`);
  const { provider, stored } = loaded;
  const diff = diffSnapshot(stored, snapshot, now);
  const empty = isEmptyDiff(diff);
  // An early-warning episode is confirmed in the same transaction that opens the incident.
  const opens = diff.transitions.some((t) => t.kind === "incident_opened");
  if (opens && !confirmEpisode && loaded.episodeSuspected) throw new Rollback("an episode to confirm");
  // Undefined for a healthy page with its usual count, so such a poll writes nothing more; when the
  // watch moves, its columns and events go in the same statement as the provider's row (marked then too).
  const format = planFormatObservation(providerId, provider.kind, provider.format, parsedObservation(snapshot), now, suggestion);
  const markProvider = !empty || diff.pageUpdatedAt || !!format || !successIsFresh(provider, now) || !sameValidators(provider.httpCache, validators);
  let events = 0;
  if (!empty || markProvider) {
    const w = await writeDiff(sql, providerId, diff, markProvider ? { now, validators, pageUpdatedAt: diff.pageUpdatedAt, format } : undefined);
    events = w.events;
    if (w.unreachableSince) await recordRecovery(sql, providerId, now, w.unreachableSince);
  }
  if (opens && confirmEpisode) await confirmEpisode();
  const kinds: IngestResult["kinds"] = {};
  for (const k of [...diff.transitions.map((t) => t.kind), ...(format?.events ?? []).map((e) => e.kind)]) kinds[k] = (kinds[k] ?? 0) + 1;
  // Format events are the source's health, not the timeline: they count, but do not make the poll an update.
  return { result: { changed: changesTimeline(diff), events, kinds }, backfill: diff.backfill && !empty };
}

/**
 * How long a poll that found nothing new may leave `last_success_at` alone. Rewriting the provider
 * row on every poll of an unchanged page costs a row version (and a round trip) per provider per
 * poll; the success time is shown to people, for whom a minute is exact enough.
 */
export const SUCCESS_REFRESH_MS = 60_000;

/** True when a poll that changed nothing need not write: the source is healthy and its success recent. Pure. */
export function successIsFresh(p: Pick<ProviderPollState, "lastSuccessAt" | "consecutiveFailures" | "unreachableSince" | "lastError">, now: Date): boolean {
  if (p.consecutiveFailures !== 0 || p.unreachableSince !== null || p.lastError !== null || p.lastSuccessAt === null) return false;
  const age = now.getTime() - p.lastSuccessAt.getTime();
  return age >= 0 && age < SUCCESS_REFRESH_MS;
}

function sameValidators(stored: Record<string, unknown>, next: Record<string, Validators>): boolean {
  const a = Object.keys(stored);
  const b = Object.keys(next);
  if (a.length !== b.length) return false;
  return b.every((url) => {
    const s = stored[url] as Validators | undefined;
    return s !== undefined && (s.etag ?? null) === (next[url]!.etag ?? null) && (s.lastModified ?? null) === (next[url]!.lastModified ?? null);
  });
}

/** A poll that reached the page (changed or 304): failures reset, recovery recorded if it had been unreachable. */
export async function recordSuccess(prisma: PrismaClient, providerId: string, now: Date): Promise<void> {
  // Once a minute per healthy provider (SUCCESS_REFRESH_MS): on the pg pool, three round trips and no Prisma.
  const pool = poolOf(prisma);
  if (pool) {
    await inPgTransaction(pool, { statementTimeoutMs: STATEMENT_TIMEOUT_MS, begin: [lockStatement(providerId)] }, (sql) =>
      markSuccess(sql, providerId, now, undefined),
    );
    return;
  }
  await prisma.$transaction(async (tx) => {
    await lockProvider(tx, providerId);
    await markSuccess(prismaSql(tx), providerId, now, undefined);
  });
}

async function markSuccess(sql: Sql, providerId: string, now: Date, validators: Record<string, Validators> | undefined): Promise<void> {
  const before = await markProviderSuccess(sql, providerId, now, validators);
  if (!before) throw new Error(`provider ${providerId} is not in the database`);
  if (before.unreachableSince) await recordRecovery(sql, providerId, now, before.unreachableSince);
}

/** The source answers again after being unreachable: an event of its own. */
async function recordRecovery(sql: Sql, providerId: string, now: Date, unreachableSince: Date): Promise<void> {
  const e = newEvent(
    "source_recovered",
    { unreachableSince: unreachableSince.toISOString(), downForSeconds: Math.round((now.getTime() - unreachableSince.getTime()) / 1000) },
    { providerId, at: now, part: unreachableSince.toISOString() },
  );
  await sql.run(
    "source_recovered_insert",
    `INSERT INTO events (provider_id, kind, occurred_at, dedupe_key, data) VALUES ($1, $2::"EventKind", $3, $4, $5::jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [providerId, e.kind, now.toISOString(), e.dedupeKey, JSON.stringify(e.data)],
  );
}

/** What the shared scheduler writes with a failure: when to poll next (backoff), and the success time its claim anticipated, undone. */
export interface FailureSchedule {
  nextPollInSeconds?: number;
  lastSuccessAt?: Date | null;
}

/**
 * A failed poll: the reason is kept, nothing in the timeline is touched. After `threshold` failures
 * in a row the source is unreachable, which is itself an event (a status page that is down is a signal).
 */
export async function recordFailure(
  prisma: PrismaClient,
  providerId: string,
  reason: string,
  now: Date,
  threshold: number,
  schedule: FailureSchedule = {},
  /** The page answered in another format (src/poller/format-watch.ts formatProblem): the format watch's business, not unreachable. */
  format?: { what: string; suggestion?: FormatSuggestion },
): Promise<{ unreachable: boolean }> {
  return prisma.$transaction(
    async (tx) => {
      await lockProvider(tx, providerId);
      const p = await tx.provider.update({
        where: { id: providerId },
        data: {
          lastPolledAt: now,
          lastError: reason.slice(0, 2000),
          consecutiveFailures: { increment: 1 },
          ...(schedule.nextPollInSeconds !== undefined ? { nextPollAt: new Date(now.getTime() + schedule.nextPollInSeconds * 1000) } : {}),
          ...("lastSuccessAt" in schedule ? { lastSuccessAt: schedule.lastSuccessAt } : {}),
        },
        select: { consecutiveFailures: true, unreachableSince: true },
      });
      // A page that never parsed is just failing (a wrong URL, say): only one that did can change format.
      const [row] = format ? await tx.$queryRawUnsafe<FormatColumns[]>(`SELECT ${FORMAT_COLUMNS} FROM providers WHERE id = $1`, providerId) : [];
      if (format && row && row.format_good_components !== null) {
        // The host answers: whatever else is wrong, it is reachable again.
        if (p.unreachableSince) await markReachable(tx, providerId, p.unreachableSince, now);
        await applyFormatObservation(tx, providerId, row.kind, formatStateOf(row), { kind: "broken", what: format.what }, now, format.suggestion);
        return { unreachable: false };
      }
      if (p.consecutiveFailures >= threshold && !p.unreachableSince) {
        await tx.provider.update({ where: { id: providerId }, data: { unreachableSince: now } });
        await tx.event.createMany({
          data: [
            {
              providerId,
              occurredAt: now,
              ...newEvent("source_unreachable", { reason: reason.slice(0, 500), consecutiveFailures: p.consecutiveFailures }, { providerId, at: now }),
            },
          ],
          skipDuplicates: true,
        });
      }
      return { unreachable: p.consecutiveFailures >= threshold };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

async function markReachable(tx: Tx, providerId: string, unreachableSince: Date, now: Date): Promise<void> {
  await tx.provider.update({ where: { id: providerId }, data: { unreachableSince: null } });
  await recordRecovery(prismaSql(tx), providerId, now, unreachableSince);
}
