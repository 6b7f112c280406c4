import type pg from "pg";
import type { PrismaClient } from "../generated/prisma/client";

const pools = new WeakMap<object, pg.Pool>();

/** Remembers the pg pool under a Prisma client (see createPrisma). */
export function registerPool(prisma: PrismaClient, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/**
 * One statement straight on the client's pg pool. For the statement every poll runs: Prisma's own
 * path costs about a millisecond of CPU per query, more than the query. A transaction client, or a
 * client whose pool has ended, goes through Prisma's raw path.
 */
export async function queryRows<T>(db: Pick<PrismaClient, "$queryRawUnsafe">, sql: string, ...params: unknown[]): Promise<T[]> {
  const pool = pools.get(db);
  if (pool && !pool.ending && !pool.ended) return (await pool.query(sql, params)).rows as T[];
  return db.$queryRawUnsafe<T[]>(sql, ...params);
}
