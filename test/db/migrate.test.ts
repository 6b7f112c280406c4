import path from "node:path";
import pino from "pino";
import { Client } from "pg";
import { migrate, readMigrations } from "../../src/db/migrate";
import { emptyDatabase } from "../support/db";

const dir = path.resolve(__dirname, "../../prisma/migrations");
const log = pino({ level: "silent" });

describe("migrate", () => {
  it("applies every migration once, recording each in Prisma's ledger, also when two processes race", async () => {
    const db = await emptyDatabase();
    try {
      const [a, b] = await Promise.all([migrate(db.url, dir, log), migrate(db.url, dir, log)]);
      const names = readMigrations(dir).map((m) => m.name);
      expect([...a, ...b].sort()).toEqual(names.sort());
      expect(await migrate(db.url, dir, log)).toEqual([]);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query(`select migration_name, checksum, finished_at from "_prisma_migrations" order by migration_name`);
      await c.end();
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      expect(rows.every((r) => r.finished_at instanceof Date && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
