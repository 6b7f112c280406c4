import { Client } from "pg";
import { encodeCursor } from "../../src/api/validate";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";

type FeedPage = { data: { id: number; kind: string; at: string; recordedAt: string; title: string | null }[]; nextCursor: string | null; resumeAfter: string };

describe("GET /api/v1/events in recorded order (after=)", () => {
  let db: TestDatabase;
  let api: TestApi;
  let seq = 0;
  const record = (occurredAt: string, backfill = false) =>
    db.prisma.event.create({
      data: { providerId: "p", kind: "incident_update_posted", occurredAt: new Date(occurredAt), backfill, dedupeKey: `k${++seq}`, data: { n: seq } },
    });
  const feed = async (query: string): Promise<FeedPage> => {
    const res = await api.get(`/api/v1/events?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  /**
   * The feed shows an event once every transaction older than its own has ended; other test files'
   * transactions on the same server can hold that back for a moment, so a reader expecting n waits.
   */
  const feedOf = async (query: string, n: number): Promise<FeedPage> => {
    const end = Date.now() + 10_000;
    for (;;) {
      const page = await feed(query);
      if (page.data.length >= n || Date.now() > end) return page;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    await db.prisma.provider.create({ data: { id: "p", name: "P", kind: "statuspage", url: "https://p.test" } });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it("hands a consumer a late-recorded event that polling by page time misses", async () => {
    await record("2026-06-01T10:00:00Z");
    await record("2026-06-01T10:05:00Z");
    const first = await feedOf("after=0", 2);
    expect(first.data.map((e) => e.at)).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T10:05:00.000Z"]);
    expect(first.nextCursor).toBeNull();
    expect(first.data.every((e) => Date.parse(e.recordedAt) > Date.parse("2026-11-01T00:00:00Z"))).toBe(true); // statuswatch's clock, not the page's

    // Recorded now, but the page says it happened before the last event the consumer saw.
    const late = await record("2026-06-01T10:02:00Z");
    const byPageTime = await feed("since=2026-06-01T10:05:00Z");
    expect(byPageTime.data.map((e) => e.id)).not.toContain(late.id);
    const resumed = await feedOf(`after=${first.resumeAfter}`, 1);
    expect(resumed.data.map((e) => e.id)).toEqual([late.id]);
    expect(resumed.data[0]!.recordedAt).toBe(late.createdAt.toISOString());
    // Nothing new: the same position comes back, so a consumer can store it blindly.
    const idle = await feed(`after=${resumed.resumeAfter}`);
    expect(idle.data).toEqual([]);
    expect(idle.resumeAfter).toBe(resumed.resumeAfter);
    // An event id is a position too.
    expect((await feedOf(`after=${first.data[0]!.id}`, 2)).data.map((e) => e.id)).toEqual([first.data[1]!.id, late.id]);
  });

  it("pages through every event once, ascending, filters included", async () => {
    await record("2025-01-01T00:00:00Z", true);
    const all = (await feedOf("after=0&limit=200", 4)).data.map((e) => e.id);
    expect(all).toHaveLength(4);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    const seen: number[] = [];
    let after = "0";
    for (let i = 0; i < 20; i++) {
      const page = await feed(`after=${after}&limit=2`);
      seen.push(...page.data.map((e) => e.id));
      after = page.resumeAfter;
      if (!page.nextCursor) break;
      expect(page.nextCursor).toBe(page.resumeAfter);
    }
    expect(seen).toEqual(all);
    expect((await feed("after=0&backfill=false&limit=200")).data).toHaveLength(all.length - 1);
    expect((await feed("after=0&since=2026-06-01T10:01:00Z&until=2026-06-01T10:04:00Z")).data.map((e) => e.at)).toEqual(["2026-06-01T10:02:00.000Z"]);
  });

  it("never passes an event whose transaction commits after a later one", async () => {
    const start = (await feedOf("after=0&limit=200", 4)).resumeAfter;
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query("begin");
      const early = await slow.query(
        `insert into events (provider_id, kind, occurred_at, dedupe_key) values ('p', 'incident_update_posted', now(), 'slow') returning id`,
      );
      const quick = await record("2026-06-01T11:00:00Z"); // a higher id, committed first
      expect(quick.id).toBeGreaterThan(early.rows[0].id);
      // The quick one is not handed out while the slow one could still appear before it.
      const meanwhile = await feed(`after=${start}`);
      expect(meanwhile.data).toEqual([]);
      await slow.query("commit");
      const after = (await feedOf(`after=${start}`, 2)).data;
      expect(after.map((e) => e.id)).toEqual([early.rows[0].id, quick.id]);
    } finally {
      await slow.end();
    }
  });

  it.each([
    ["after=abc", "after"],
    ["after=-1", "after"],
    ["after=2147483648", "after"],
    ["after=999999", "after"],
    ["after=" + encodeCursor({ t: "99999999999999999999", i: 1 }), "after"],
    ["after=" + encodeCursor({ t: "1", i: 2 ** 31 }), "after"],
    ["after=0&cursor=" + encodeCursor({ i: 1 }), "after"],
    ["after=0&until=0000-01-01", "until"],
  ])("GET /api/v1/events?%s → 400 naming %s", async (query, param) => {
    const res = await api.get(`/api/v1/events?${query}`);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body["invalid-params"].map((p: { name: string }) => p.name)).toContain(param);
  });
});
