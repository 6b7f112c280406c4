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
