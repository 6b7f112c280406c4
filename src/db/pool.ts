import type pg from "pg";
import type { PrismaClient } from "../generated/prisma/client";

const pools = new WeakMap<object, pg.Pool>();

/** Remembers the pg pool under a Prisma client (see createPrisma). */
export function registerPool(prisma: PrismaClient, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/** The live pg pool under a Prisma client made by createPrisma, if any. */
export function poolOf(db: object): pg.Pool | undefined {
  const pool = pools.get(db);
  return pool && !pool.ending && !pool.ended ? pool : undefined;
}

/**
 * One statement straight on the client's pg pool when it has one (read paths outside the poll's
 * transaction); a transaction client, or a client whose pool has ended, goes through Prisma's raw path.
 */
export async function queryRows<T>(db: Pick<PrismaClient, "$queryRawUnsafe">, sql: string, ...params: unknown[]): Promise<T[]> {
  const pool = poolOf(db);
  if (pool) return (await pool.query(sql, params)).rows as T[];
  return db.$queryRawUnsafe<T[]>(sql, ...params);
}
