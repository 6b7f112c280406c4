import type { PrismaClient } from "../generated/prisma/client";

/** The scheduler ticks often enough for the shortest interval: every 5 s, or faster down to 1 s. */
export function tickFor(entries: readonly { pollIntervalSeconds: number }[]): number {
  const shortest = Math.min(5, ...entries.map((e) => e.pollIntervalSeconds));
  return Math.max(1, Math.floor(shortest));
}

const watched = { enabled: true, deletedAt: null };

/** The page tick for the table as it is now (one aggregate), so an interval PATCHed or added later is followed without a restart. */
export async function pageTickSeconds(prisma: PrismaClient): Promise<number> {
  const { _min } = await prisma.provider.aggregate({ where: watched, _min: { pollIntervalSeconds: true } });
  return tickFor(_min.pollIntervalSeconds === null ? [] : [{ pollIntervalSeconds: _min.pollIntervalSeconds }]);
}

/** The same for the signals of watched providers. */
export async function signalTickSeconds(prisma: PrismaClient): Promise<number> {
  const { _min } = await prisma.signalSource.aggregate({ where: { enabled: true, provider: watched }, _min: { pollIntervalSeconds: true } });
  return tickFor(_min.pollIntervalSeconds === null ? [] : [{ pollIntervalSeconds: _min.pollIntervalSeconds }]);
}
