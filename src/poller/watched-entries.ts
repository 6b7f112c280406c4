import type { PrismaClient } from "../generated/prisma/client";
import type { ProviderEntry } from "../sources/types";

/** Every provider watched now (enabled, not removed), as the entries a poll takes: the table is the only list. */
export async function watchedEntries(prisma: PrismaClient): Promise<ProviderEntry[]> {
  const rows = await prisma.provider.findMany({ where: { enabled: true, deletedAt: null }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    url: r.url,
    pollIntervalSeconds: r.pollIntervalSeconds,
    category: r.category ?? undefined,
    options: r.options,
  }));
}

export interface Watching {
  /** Providers watched now. */
  count: number;
}

export async function watchingNow(prisma: PrismaClient): Promise<Watching> {
  return { count: await prisma.provider.count({ where: { enabled: true, deletedAt: null } }) };
}
