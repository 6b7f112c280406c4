import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Config } from "../config";
import { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { ensureEmbeddedPostgres } from "./embedded";
import { registerPool } from "./pool";
import { migrate } from "./migrate";
import { assertDatabaseReachable } from "./reach";

export type Db = PrismaClient;

export interface Database {
  url: string;
  prisma: PrismaClient;
  /** True when this process runs the embedded Postgres. */
  embedded: boolean;
  close(): Promise<void>;
}

/** A Prisma client over a pg pool of its own; `$disconnect` ends the pool. */
export function createPrisma(url: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, allowExitOnIdle: true });
  // An idle connection the server dropped (a restart) is replaced on next use; it must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  registerPool(prisma, pool);
  return prisma;
}

/** DATABASE_URL when set, else the embedded Postgres under DATA_DIR; migrated before use. */
export async function openDatabase(config: Config, log: Logger, opts: { migrate?: boolean } = {}): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await ensureEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: "statuswatch", log });
  const url = config.databaseUrl ?? embedded!.url;
  if (config.databaseUrl) await assertDatabaseReachable(config.databaseUrl);
  try {
    if (opts.migrate !== false) await migrate(url, config.migrationsDir, log);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const prisma = createPrisma(url);
  return {
    url,
    prisma,
    embedded: embedded?.owner ?? false,
    async close() {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
