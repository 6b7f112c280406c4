import { Prisma, type PrismaClient } from "../generated/prisma/client";
import type { ProviderEntry } from "../sources/types";
import { FORMAT_WATCH_RESET } from "../timeline/format-state";

/**
 * Makes the providers table match the catalog: entries are upserted and enabled, providers no
 * longer in the catalog are disabled (their history stays). A changed kind or URL drops the
 * conditional-GET validators and the format watch's state, which belonged to the old documents. Each row carries the kind's
 * options too, so the shared scheduler polls from the table alone.
 */
export async function syncCatalog(prisma: PrismaClient, entries: ProviderEntry[]): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('statuswatch:catalog'))`;
      const existing = new Map((await tx.provider.findMany({ select: { id: true, kind: true, url: true } })).map((p) => [p.id, p]));
      for (const e of entries) {
        const data = {
          name: e.name,
          kind: e.kind,
          url: e.url,
          category: e.category ?? null,
          pollIntervalSeconds: e.pollIntervalSeconds,
          options: (e.options ?? {}) as Prisma.InputJsonValue,
          sla: e.sla ? (e.sla as Prisma.InputJsonValue) : Prisma.DbNull,
          capabilities: e.capabilities ?? [],
          alternatives: e.alternatives ?? [],
          enabled: true,
        };
        const prev = existing.get(e.id);
        if (!prev) await tx.provider.create({ data: { id: e.id, ...data } });
        else
          await tx.provider.update({
            where: { id: e.id },
            data: { ...data, ...(prev.kind !== e.kind || prev.url !== e.url ? { httpCache: {}, ...FORMAT_WATCH_RESET } : {}) },
          });
      }
      await tx.provider.updateMany({ where: { id: { notIn: entries.map((e) => e.id) } }, data: { enabled: false } });
      // Instances starting together queue on the lock above: the wait must not count as a slow transaction.
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
