import type { Snapshot } from "../domain/snapshot";
import type { PrismaClient } from "../generated/prisma/client";
import type { Prisma } from "../generated/prisma/client";
import type { Validators } from "../sources/http";
import { confirmOnIncidentOpened } from "../outages/episodes";
import { diffSnapshot, isEmptyDiff } from "./diff";
import { applyDiff, loadStoredState } from "./store";
import { sanitizeSnapshot } from "./sanitize";

type Tx = Prisma.TransactionClient;

export interface IngestResult {
  changed: boolean;
  events: number;
}

/** Serializes writers of one provider's timeline (server and poll:once may poll it at once). */
async function lockProvider(tx: Tx, providerId: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${"provider:" + providerId}))`;
}

/**
 * Writes one snapshot: the diff against what is stored, the timeline rows and their events, and
 * the provider's health, all in one transaction. An unchanged snapshot writes no timeline row.
 */
export async function ingestSnapshot(
  prisma: PrismaClient,
  providerId: string,
  raw: Snapshot,
  validators: Record<string, Validators>,
  now: Date,
): Promise<IngestResult> {
  const snapshot = sanitizeSnapshot(raw);
  return prisma.$transaction(
    async (tx) => {
      await lockProvider(tx, providerId);
      const stored = await loadStoredState(tx, providerId, snapshot);
      const diff = diffSnapshot(stored, snapshot, now);
      const result = isEmptyDiff(diff) ? { events: 0 } : await applyDiff(tx, providerId, diff);
      // An early-warning episode is confirmed in the same transaction that opens the incident.
      if (diff.transitions.some((t) => t.kind === "incident_opened")) await confirmOnIncidentOpened(tx, providerId, now);
      await markSuccess(tx, providerId, now, validators);
      return { changed: !isEmptyDiff(diff), events: result.events };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** A poll that reached the page (changed or 304): failures reset, recovery recorded if it had been unreachable. */
export async function recordSuccess(prisma: PrismaClient, providerId: string, now: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockProvider(tx, providerId);
    await markSuccess(tx, providerId, now, undefined);
  });
}

async function markSuccess(tx: Tx, providerId: string, now: Date, validators: Record<string, Validators> | undefined): Promise<void> {
  const before = await tx.provider.findUniqueOrThrow({ where: { id: providerId }, select: { unreachableSince: true } });
  await tx.provider.update({
    where: { id: providerId },
    data: {
      lastPolledAt: now,
      lastSuccessAt: now,
      consecutiveFailures: 0,
      lastError: null,
      unreachableSince: null,
      ...(validators ? { httpCache: validators as Prisma.InputJsonValue } : {}),
    },
  });
  if (before.unreachableSince) {
    await tx.event.createMany({
      data: [
        {
          providerId,
          kind: "source_recovered",
          occurredAt: now,
          dedupeKey: `${providerId}:recovered:${before.unreachableSince.toISOString()}`,
          data: { unreachableSince: before.unreachableSince.toISOString(), downForSeconds: Math.round((now.getTime() - before.unreachableSince.getTime()) / 1000) },
        },
      ],
      skipDuplicates: true,
    });
  }
}

/**
 * A failed poll: the reason is kept, nothing in the timeline is touched. After `threshold` failures
 * in a row the source is unreachable, which is itself an event (a status page that is down is a signal).
 */
export async function recordFailure(prisma: PrismaClient, providerId: string, reason: string, now: Date, threshold: number): Promise<{ unreachable: boolean }> {
  return prisma.$transaction(async (tx) => {
    await lockProvider(tx, providerId);
    const p = await tx.provider.update({
      where: { id: providerId },
      data: { lastPolledAt: now, lastError: reason.slice(0, 2000), consecutiveFailures: { increment: 1 } },
      select: { consecutiveFailures: true, unreachableSince: true },
    });
    if (p.consecutiveFailures >= threshold && !p.unreachableSince) {
      await tx.provider.update({ where: { id: providerId }, data: { unreachableSince: now } });
      await tx.event.createMany({
        data: [
          {
            providerId,
            kind: "source_unreachable",
            occurredAt: now,
            dedupeKey: `${providerId}:unreachable:${now.toISOString()}`,
            data: { reason: reason.slice(0, 500), consecutiveFailures: p.consecutiveFailures },
          },
        ],
        skipDuplicates: true,
      });
    }
    return { unreachable: p.consecutiveFailures >= threshold };
  });
}
