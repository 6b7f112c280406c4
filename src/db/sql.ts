import type pg from "pg";
import type { Prisma } from "../generated/prisma/client";

/**
 * The few operations the timeline's writers need, over either a pg connection of the pool under a
 * Prisma client or a Prisma transaction. On a pg connection each statement is prepared once per
 * connection under its name: a poll cycle runs the same dozen statements for every provider, and
 * parsing and planning them each time (and Prisma's per-query work) cost more than the rows.
 */
export interface Sql {
  rows<T>(name: string, text: string, params: unknown[]): Promise<T[]>;
  /** Rows affected. */
  run(name: string, text: string, params: unknown[]): Promise<number>;
}

export function pgSql(client: pg.PoolClient): Sql {
  return {
    async rows<T>(name: string, text: string, params: unknown[]) {
      return (await client.query({ name, text, values: params })).rows as T[];
    },
    async run(name: string, text: string, params: unknown[]) {
      return (await client.query({ name, text, values: params })).rowCount ?? 0;
    },
  };
}

export function prismaSql(tx: Prisma.TransactionClient): Sql {
  return {
    rows<T>(_name: string, text: string, params: unknown[]) {
      return tx.$queryRawUnsafe<T[]>(text, ...params);
    },
    run(_name: string, text: string, params: unknown[]) {
      return tx.$executeRawUnsafe(text, ...params);
    },
  };
}

/** Thrown inside `inPgTransaction` to roll back without an error (the caller then takes another path). */
export class Rollback extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface PgTransactionOptions {
  /** Statements sent with BEGIN in the same round trip (no parameters: literals must be escaped). */
  begin?: string[];
  /** Statements sent with COMMIT in the same round trip, decided by the work's result. */
  commit?: (result: unknown) => string[];
  /** The transaction is cancelled when a statement runs longer (as Prisma's transaction timeout did). */
  statementTimeoutMs: number;
}

/**
 * Runs `work` in one transaction on a connection of `pool`. Returns undefined when `work` threw
 * Rollback. A connection whose ROLLBACK failed is discarded, never returned to the pool mid-transaction.
 */
export async function inPgTransaction<T>(pool: pg.Pool, opts: PgTransactionOptions, work: (sql: Sql) => Promise<T>): Promise<T | undefined> {
  const client = await pool.connect();
  // Whatever fails outside `work` (BEGIN, COMMIT, a failed ROLLBACK) leaves the session in doubt: discard it.
  let discard: Error | undefined;
  try {
    await client
      .query(["BEGIN", `SET LOCAL statement_timeout = ${Math.floor(opts.statementTimeoutMs)}`, ...(opts.begin ?? [])].join(";\n"))
      .catch((e: Error) => {
        throw (discard = e);
      });
    let result: T;
    try {
      result = await work(pgSql(client));
    } catch (err) {
      await client.query("ROLLBACK").catch((e: Error) => (discard = e));
      if (err instanceof Rollback) return undefined;
      throw err;
    }
    await client.query([...(opts.commit?.(result) ?? []), "COMMIT"].join(";\n")).catch((e: Error) => {
      throw (discard = e);
    });
    return result;
  } finally {
    client.release(discard);
  }
}
