/**
 * Runs an embedded Postgres in its own process (jest workers cannot load the ESM package) until
 * SIGTERM, then stops it. Prints `ready <url>` once it accepts connections.
 * Usage: node --import tsx test/support/postgres-child.ts <dataDir> <port>
 */
import pino from "pino";
import { ensureEmbeddedPostgres } from "../../src/db/embedded";

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await ensureEmbeddedPostgres({ dataDir: dataDir!, port: Number(port), database: "sw", log: pino({ level: "silent" }) });
  process.stdout.write(`ready ${pg.url}\n`);
  // Nothing else keeps this process alive, and Postgres must run until SIGTERM.
  const alive = setInterval(() => {}, 60_000);
  process.once("SIGTERM", () => {
    clearInterval(alive);
    void pg.stop().finally(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
