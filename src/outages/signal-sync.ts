import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { ProviderEntry, SignalEntry } from "../sources/types";

export const signalKey = (kind: string, url: string) => `${kind} ${url}`;

type Tx = Prisma.TransactionClient;

/**
 * Makes one provider's signal_sources match `signals`: new ones are due at once, changed settings
 * are updated, ones no longer listed are disabled (their points stay, and come back if re-listed).
 */
export async function setProviderSignals(tx: Tx, providerId: string, signals: readonly SignalEntry[]): Promise<void> {
  const keep: number[] = [];
  for (const s of signals) {
    const key = signalKey(s.kind, s.url);
    const data = { kind: s.kind, url: s.url, options: s.options as Prisma.InputJsonValue, pollIntervalSeconds: s.pollIntervalSeconds, enabled: true };
    const row = await tx.signalSource.upsert({
      where: { providerId_key: { providerId, key } },
      create: { providerId, key, ...data },
      update: data,
      select: { id: true },
    });
    keep.push(row.id);
  }
  await tx.signalSource.updateMany({ where: { providerId, id: { notIn: keep } }, data: { enabled: false } });
}

/** Gives each listed provider exactly its entry's `signals`; other providers' signals are left alone. */
export async function syncSignals(prisma: PrismaClient, entries: ProviderEntry[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('statuswatch:signals'))`;
    for (const e of entries) await setProviderSignals(tx, e.id, e.signals ?? []);
  });
}
