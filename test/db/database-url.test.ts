import pino from "pino";
import { ConfigError, loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/database";
import { freePort } from "../support/cli-process";
import { freshDatabase, type TestDatabase } from "../support/db";

const log = pino({ level: "silent" });
const failure = async (url: string) => {
  try {
    const db = await openDatabase(loadConfig({ DATABASE_URL: url }), log);
    await db.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected openDatabase to fail");
};

describe("a DATABASE_URL that cannot be used says it is the database, never the password", () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await freshDatabase()));
  afterAll(() => db.drop());

  it("nothing listening", async () => {
    const port = await freePort();
    const err = await failure(`postgresql://statuswatch:s3cr%40tpw@127.0.0.1:${port}/statuswatch`);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`cannot reach the database at 127.0.0.1:${port} (DATABASE_URL): connection refused`);
  });

  it("a host name that does not resolve", async () => {
    const err = await failure("postgresql://u:s3cr%40tpw@no-such-host.invalid:5432/x");
    expect(err.message).toMatch(/^cannot reach the database at no-such-host\.invalid:5432 \(DATABASE_URL\): host (not found|name lookup failed)$/);
  });

  it("a wrong password or a missing database on a server that answers", async () => {
    const url = new URL(db.url);
    const wrong = new URL(db.url);
    wrong.password = "s3cr@tpw-wrong";
    const bad = await failure(wrong.href);
    expect(bad.message).toBe(`the database at 127.0.0.1:${url.port} (DATABASE_URL) refused us: password authentication failed for user "postgres"`);
    const missing = new URL(db.url);
    missing.pathname = "/no_such_db";
    expect((await failure(missing.href)).message).toBe(`the database at 127.0.0.1:${url.port} (DATABASE_URL) refused us: database "no_such_db" does not exist`);
    for (const m of [bad.message]) expect(m).not.toMatch(/s3cr|wrong/);
  });
});
