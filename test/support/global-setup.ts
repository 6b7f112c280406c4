import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { ensureEmbeddedPostgres } from "../../src/db/embedded";
import { migrate } from "../../src/db/migrate";
import { createDatabase } from "../../src/db/embedded";

const ROOT = path.resolve(__dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** One real Postgres for the whole run; each test file clones the migrated template database. */
export default async function globalSetup(): Promise<void> {
  const log = pino({ level: "silent" });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "statuswatch-test-"));
  fs.chmodSync(dataDir, 0o755);
  const pg = await ensureEmbeddedPostgres({ dataDir, port: await freePort(), database: "statuswatch_template", log });
  await migrate(pg.url, path.join(ROOT, "prisma", "migrations"), log);
  const adminUrl = pg.url.replace(/\/statuswatch_template$/, "/postgres");
  await createDatabase(adminUrl, "postgres");
  process.env.STATUSWATCH_TEST_ADMIN_URL = adminUrl;
  process.env.STATUSWATCH_TEST_TEMPLATE = "statuswatch_template";
  (globalThis as Record<string, unknown>).__statuswatchPg = { stop: pg.stop, dataDir };
}
