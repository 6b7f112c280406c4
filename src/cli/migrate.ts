import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { runCli } from "./run";

void runCli(async (config, log) => {
  const db = await openDatabase(config, log, { migrate: false });
  try {
    const applied = await migrate(db.url, config.migrationsDir, log);
    process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
  } finally {
    await db.close();
  }
});
