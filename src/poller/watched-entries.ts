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
  /** The shortest intervals, of pages and of signals (empty when none), to size the scheduler ticks. */
  shortest: { pages: number[]; signals: number[] };
}

export async function watchingNow(prisma: PrismaClient): Promise<Watching> {
  const watched = { enabled: true, deletedAt: null };
  const [pages, signals] = await Promise.all([
    prisma.provider.aggregate({ where: watched, _min: { pollIntervalSeconds: true }, _count: { _all: true } }),
    prisma.signalSource.aggregate({ where: { enabled: true, provider: watched }, _min: { pollIntervalSeconds: true } }),
  ]);
  const list = (n: number | null) => (n === null ? [] : [n]);
  return { count: pages._count._all, shortest: { pages: list(pages._min.pollIntervalSeconds), signals: list(signals._min.pollIntervalSeconds) } };
}
