import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createPrisma, type Db } from "../src/db/database";
import { ensureEmbeddedPostgres } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";

/** A throwaway real Postgres for a benchmark run (DATABASE_URL is used instead when set). */
export async function benchDatabase(): Promise<{ prisma: Db; url: string; stop(): Promise<void> }> {
  const log = pino({ level: "silent" });
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  let dataDir: string | undefined;
  if (!url) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "statuswatch-bench-"));
    fs.chmodSync(dataDir, 0o755);
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const pg = await ensureEmbeddedPostgres({ dataDir, port, database: "bench", log });
    url = pg.url;
    stop = pg.stop;
  }
  await migrate(url, path.resolve(__dirname, "../prisma/migrations"), log);
  const prisma = createPrisma(url);
  return {
    prisma,
    url,
    async stop() {
      await prisma.$disconnect();
      await stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms\n`);
  return result;
}

/**
 * CPU seconds the local Postgres server has used so far (the postmaster, its live backends and the
 * ones that have exited), read from /proc; undefined when the server is not on this machine.
 */
export async function postgresCpuReader(url: string): Promise<(() => number) | undefined> {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  let backend: number;
  try {
    backend = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
  } finally {
    await client.end();
  }
  const stat = (pid: number | string): string[] | undefined => {
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces), numbered from 3 (state).
      return s.slice(s.lastIndexOf(")") + 2).split(" ");
    } catch {
      return undefined;
    }
  };
  const parent = stat(backend)?.[1];
  if (!parent) return undefined;
  const postmaster = Number(parent);
  const TICK = 100; // USER_HZ on Linux
  return () => {
    const own = stat(postmaster);
    if (!own) return 0;
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const s = stat(pid);
      if (s && Number(s[1]) === postmaster) ticks += Number(s[11]) + Number(s[12]);
    }
    return ticks / TICK;
  };
}
