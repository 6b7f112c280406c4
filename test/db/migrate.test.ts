import fs from "node:fs";
import os from "node:os";
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

describe("the channel-plugins migration", () => {
  it("keeps every existing subscription, its channel as text and an empty config", async () => {
    const db = await emptyDatabase();
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "sw-migrations-"));
    try {
      for (const m of readMigrations(dir).filter((m) => m.name < "20261202040000")) {
        fs.mkdirSync(path.join(before, m.name));
        fs.writeFileSync(path.join(before, m.name, "migration.sql"), m.sql);
      }
      await migrate(db.url, before, log);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        await c.query(`insert into subscriptions (channel, target, providers, components, min_impact, events, paused, digest, confirmed_at, unsubscribe_token_hash, updated_at)
          values ('slack', 'https://hooks.slack.com/services/T/B/x', '{acme}', '{API}', 'major', '{incident_opened,incident_resolved}', false, 'off', now(), 'h1', now()),
                 ('email', 'a@example.test', '{}', '{}', 'none', '{incident_opened}', true, 'daily', null, 'h2', now())`);
        const old = (
          await c.query(
            `select id, channel::text, target, providers, components, min_impact::text, events::text[], paused, digest::text, confirmed_at, unsubscribe_token_hash from subscriptions order by id`,
          )
        ).rows;

        expect((await migrate(db.url, dir, log))[0]).toBe("20261202040000_channel_plugins");

        const now = (
          await c.query(
            `select id, channel, target, providers, components, min_impact::text, events::text[], paused, digest::text, confirmed_at, unsubscribe_token_hash from subscriptions order by id`,
          )
        ).rows;
        expect(now).toEqual(old);
        const types = await c.query(`select data_type from information_schema.columns where table_name = 'subscriptions' and column_name = 'channel'`);
        expect(types.rows[0].data_type).toBe("text");
        expect((await c.query(`select config from subscriptions`)).rows).toEqual([{ config: {} }, { config: {} }]);
        await c.query(
          `insert into subscriptions (channel, target, events, updated_at, config) values ('discord', 'https://discord.test/x', '{incident_opened}', now(), '{"username":"sw"}')`,
        );
      } finally {
        await c.end();
      }
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
      await db.drop();
    }
  });
});
