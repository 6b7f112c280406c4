import { execFileSync } from "node:child_process";
import path from "node:path";
import pino from "pino";
import { Client } from "pg";
import { migrate } from "../../src/db/migrate";
import { emptyDatabase } from "../support/db";
import { schemaShape } from "../support/schema-shape";

const root = path.resolve(__dirname, "../..");

/** Prisma's own engine (tools/prisma-sql) says what schema.prisma means; our migrations must build exactly that. */
describe("prisma/migrations and schema.prisma", () => {
  it("build the same tables, columns, constraints, indexes and enums", async () => {
    const fromSchema = await emptyDatabase();
    const fromMigrations = await emptyDatabase();
    try {
      const sql = execFileSync(process.execPath, [path.join(root, "tools/prisma-sql/schema-sql.js"), path.join(root, "prisma/schema.prisma")], {
        env: { ...process.env, SQL_TARGET_URL: fromSchema.url },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(sql).toContain("CREATE TABLE");
      const c = new Client({ connectionString: fromSchema.url });
      await c.connect();
      await c.query(sql).finally(() => c.end());

      await migrate(fromMigrations.url, path.join(root, "prisma/migrations"), pino({ level: "silent" }));

      const [expected, actual] = await Promise.all([schemaShape(fromSchema.url), schemaShape(fromMigrations.url)]);
      expect(expected.columns?.length).toBeGreaterThan(20);
      expect(actual).toEqual(expected);
    } finally {
      await fromSchema.drop();
      await fromMigrations.drop();
    }
  }, 90_000);
});
