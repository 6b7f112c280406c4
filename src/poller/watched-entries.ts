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

/** The shortest poll intervals at start, of pages and of signals, to size the scheduler ticks. */
export async function shortestIntervals(prisma: PrismaClient): Promise<{ pages: number[]; signals: number[] }> {
  const [pages, signals] = await Promise.all([
    prisma.provider.aggregate({ where: { enabled: true, deletedAt: null }, _min: { pollIntervalSeconds: true } }),
    prisma.signalSource.aggregate({ where: { enabled: true, provider: { enabled: true, deletedAt: null } }, _min: { pollIntervalSeconds: true } }),
  ]);
  const list = (n: number | null) => (n === null ? [] : [n]);
  return { pages: list(pages._min.pollIntervalSeconds), signals: list(signals._min.pollIntervalSeconds) };
}
