import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { ProviderEntry } from "../sources/types";

export const signalKey = (kind: string, url: string) => `${kind} ${url}`;

/**
 * Makes signal_sources match the catalog's `signals`: new ones are due at once, changed settings are
 * updated, ones no longer listed are disabled (their points stay).
 */
export async function syncSignals(prisma: PrismaClient, entries: ProviderEntry[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('statuswatch:signals'))`;
    const keep: number[] = [];
    for (const e of entries) {
      for (const s of e.signals ?? []) {
        const key = signalKey(s.kind, s.url);
        const data = { kind: s.kind, url: s.url, options: s.options as Prisma.InputJsonValue, pollIntervalSeconds: s.pollIntervalSeconds, enabled: true };
        const row = await tx.signalSource.upsert({
          where: { providerId_key: { providerId: e.id, key } },
          create: { providerId: e.id, key, ...data },
          update: data,
          select: { id: true },
        });
        keep.push(row.id);
      }
    }
    await tx.signalSource.updateMany({ where: { id: { notIn: keep } }, data: { enabled: false } });
  });
}
