import pino from "pino";
import { syncCatalog } from "../../src/catalog/sync";
import { createPrisma } from "../../src/db/database";
import { FailoverState } from "../../src/failover/state";
import { startApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { entry } from "../support/providers";

const log = pino({ level: "silent" });

describe("FailoverState", () => {
  let db: TestDatabase;
  let clock = Date.parse("2026-12-01T10:00:00Z");
  const now = () => clock;

  beforeAll(async () => {
    db = await freshDatabase();
    await syncCatalog(db.prisma, [{ ...entry("a", "statuspage", "https://a.test"), capabilities: ["llm-api"] }]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("serves from memory while fresh, and concurrent readers of a stale state share one read", async () => {
    const state = new FailoverState(db.prisma, { refreshMs: 1000, uptimeRefreshMs: 60_000, log, now });
    const first = await Promise.all(Array.from({ length: 20 }, () => state.current()));
    expect(state.reads).toBe(1);
    expect(new Set(first).size).toBe(1);
    clock += 999;
    await Promise.all(Array.from({ length: 20 }, () => state.current()));
    expect(state.reads).toBe(1);
    clock += 2;
    const second = await Promise.all(Array.from({ length: 20 }, () => state.current()));
    expect(state.reads).toBe(2);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.asOf.getTime()).toBe(clock);
  });

  it("a refresh asked for during a read runs once more after it, since that read may have missed a change", async () => {
    const state = new FailoverState(db.prisma, { refreshMs: 1000, uptimeRefreshMs: 60_000, log, now });
    await state.refresh();
    const reads = state.reads;
    const running = state.refresh();
    const joined = Promise.all([state.refresh(), state.refresh(), state.refresh()]);
    const [during, [a, b, c]] = await Promise.all([running, joined]);
    expect(state.reads).toBe(reads + 2);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a).not.toBe(during);
  });

  it("with a background refresher, readers do not read until it falls behind its maximum age", async () => {
    const state = new FailoverState(db.prisma, { refreshMs: 1000, uptimeRefreshMs: 60_000, log, now });
    await state.refresh();
    state.maintained(3000);
    clock += 2500;
    await state.current();
    expect(state.reads).toBe(1);
    clock += 600;
    await state.current();
    expect(state.reads).toBe(2);
  });

  it("recomputes uptime30d only every uptimeRefreshMs, without holding up the answer", async () => {
    const state = new FailoverState(db.prisma, { refreshMs: 1000, uptimeRefreshMs: 60_000, log, now });
    const t0 = clock;
    expect((await state.refresh()).uptimeAsOf?.getTime()).toBe(t0);
    clock += 30_000;
    expect((await state.refresh()).uptimeAsOf?.getTime()).toBe(t0);
    clock += 30_000;
    // This snapshot still carries the old figures; the recomputation runs behind it, then a refresh picks it up.
    expect((await state.refresh()).uptimeAsOf?.getTime()).toBe(t0);
    const deadline = Date.now() + 5000;
    while ((await state.current()).uptimeAsOf?.getTime() === t0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await state.current()).uptimeAsOf?.getTime()).toBe(t0 + 60_000);
    await state.close();
  });

  it("answers 503 problem+json when the database cannot be read, without echoing its URL", async () => {
    const unreachable = createPrisma("postgresql://nobody:secret@127.0.0.1:1/none", 1);
    const api = await startApi(db.prisma, { failover: new FailoverState(unreachable, { refreshMs: 1000, uptimeRefreshMs: 60_000, log }) });
    try {
      const res = await api.get("/api/v1/failover?for=a");
      expect(res.status).toBe(503);
      expect(res.type).toContain("application/problem+json");
      expect(JSON.stringify(res.body)).not.toContain("secret");
    } finally {
      await api.close();
      await unreachable.$disconnect();
    }
  });
});
