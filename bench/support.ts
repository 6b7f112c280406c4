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
