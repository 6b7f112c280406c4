import type { Snapshot } from "../domain/snapshot";
import type { PrismaClient } from "../generated/prisma/client";
import type { Prisma } from "../generated/prisma/client";
import type { Validators } from "../sources/fetch/http";
import { confirmOnIncidentOpened } from "../outages/episodes";
import { changesTimeline, diffSnapshot, isEmptyDiff } from "./diff";
import { applyDiff, loadProviderPollState, loadStoredState, type ProviderPollState } from "./store";
import type { EventKind } from "../domain/status";
import { newEvent } from "../events/contract";
import { sanitizeSnapshot } from "./sanitize";
import { applyFormatObservation, FORMAT_COLUMNS, type FormatColumns, formatStateOf } from "./format-state";
import type { SuggestKind } from "../poller/format-suggest";

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
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${"provider:" + providerId}))`;
}

/**
 * Writes one snapshot: the diff against what is stored, the timeline rows and their events, and
 * the provider's health, all in one transaction. An unchanged snapshot writes no timeline row, and
 * no provider row either when the source was healthy and its success is fresh (see successIsFresh).
 */
export async function ingestSnapshot(
  prisma: PrismaClient,
  providerId: string,
  raw: Snapshot,
  validators: Record<string, Validators>,
  now: Date,
  /** Detection for a page whose format changed (the poller's; bounded in time). */
  suggest?: SuggestKind,
): Promise<IngestResult> {
  const snapshot = sanitizeSnapshot(raw);
  return prisma.$transaction(
    async (tx) => {
      await lockProvider(tx, providerId);
      const provider = await loadProviderPollState(tx, providerId);
      if (!provider) throw new Error(`provider ${providerId} is not in the database`);
      const stored = await loadStoredState(tx, providerId, snapshot, provider);
      const diff = diffSnapshot(stored, snapshot, now);
      const empty = isEmptyDiff(diff);
      // A first sync's events are backfill, which alerts no one; if Postgres itself crashed before
      // flushing this commit, the next poll would sync again. So it need not wait for the disk.
      if (diff.backfill && !empty) await tx.$executeRawUnsafe(`SET LOCAL synchronous_commit = off`);
      const result = empty ? { events: 0 } : await applyDiff(tx, providerId, diff);
      // An early-warning episode is confirmed in the same transaction that opens the incident.
      if (diff.transitions.some((t) => t.kind === "incident_opened")) await confirmOnIncidentOpened(tx, providerId, now);
      if (!empty || diff.pageUpdatedAt || !successIsFresh(provider, now) || !sameValidators(provider.httpCache, validators)) {
        await markSuccess(tx, providerId, now, validators, diff.pageUpdatedAt);
      }
      // Sources that derive components from their events list fewer as events end: their count says nothing about the format.
      const components = snapshot.componentsExhaustive ? null : snapshot.components.length;
      const format = await applyFormatObservation(tx, providerId, provider.kind, provider.format, { kind: "parsed", components }, now, suggest);
      const kinds: IngestResult["kinds"] = {};
      for (const k of [...diff.transitions.map((t) => t.kind), ...format]) kinds[k] = (kinds[k] ?? 0) + 1;
      // Format events are the source's health, not the timeline: they count, but do not make the poll an update.
      return { changed: changesTimeline(diff), events: result.events + format.length, kinds };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
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
  await prisma.$transaction(async (tx) => {
    await lockProvider(tx, providerId);
    await markSuccess(tx, providerId, now, undefined);
  });
}

async function markSuccess(tx: Tx, providerId: string, now: Date, validators: Record<string, Validators> | undefined, pageUpdatedAt?: Date): Promise<void> {
  // One statement: the self-join hands back the value before the update (the caller holds the lock).
  const rows = await tx.$queryRawUnsafe<{ unreachable_since: Date | null }[]>(
    `UPDATE providers p SET last_polled_at = $2, last_success_at = $2, consecutive_failures = 0, last_error = NULL,
            unreachable_since = NULL, http_cache = coalesce($3::jsonb, p.http_cache), updated_at = $2,
            page_updated_at = coalesce($4::timestamptz, p.page_updated_at)
       FROM providers o WHERE p.id = $1 AND o.id = p.id
     RETURNING o.unreachable_since`,
    providerId,
    now.toISOString(),
    validators ? JSON.stringify(validators) : null,
    pageUpdatedAt ? pageUpdatedAt.toISOString() : null,
  );
  const unreachableSince = rows[0]?.unreachable_since;
  if (rows.length === 0) throw new Error(`provider ${providerId} is not in the database`);
  if (unreachableSince) await writeRecovered(tx, providerId, unreachableSince, now);
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
  format?: { what: string; suggest?: SuggestKind },
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
        await applyFormatObservation(tx, providerId, row.kind, formatStateOf(row), { kind: "broken", what: format.what }, now, format.suggest);
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
  await writeRecovered(tx, providerId, unreachableSince, now);
}

async function writeRecovered(tx: Tx, providerId: string, unreachableSince: Date, now: Date): Promise<void> {
  await tx.event.createMany({
    data: [
      {
        providerId,
        occurredAt: now,
        ...newEvent(
          "source_recovered",
          { unreachableSince: unreachableSince.toISOString(), downForSeconds: Math.round((now.getTime() - unreachableSince.getTime()) / 1000) },
          { providerId, at: now, part: unreachableSince.toISOString() },
        ),
      },
    ],
    skipDuplicates: true,
  });
}
