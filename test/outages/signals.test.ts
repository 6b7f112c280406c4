import pino from "pino";
import { validateCatalog } from "../../src/catalog/load";
import { statuspageAt } from "../../src/demo/outage-script";
import { SignalPoller } from "../../src/outages/signal-poller";
import { syncSignals } from "../../src/outages/signal-sync";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { pollDeps, testHttp, timelineCounts } from "../support/providers";

const log = pino({ level: "silent" });
const T0 = Date.parse("2026-05-01T10:00:00Z");
const series = (n: number) => Array.from({ length: n }, (_, i) => ({ at: new Date(T0 + i * 60_000).toISOString(), reports: i === 3 ? 6 : 1, baseline: 1 }));

describe("provider signals", () => {
  let db: TestDatabase;
  let page: TestServer;
  let signals: TestServer;
  let deps: PollDeps;
  let handler: "series" | "down" | "garbled" | "slow" = "series";
  let served = 5;

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer((_q, r) => void r.writeHead(503).end());
    const docs = statuspageAt(1, "http://page.test", T0, 60_000);
    page.setHandler(
      jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents, "/api/v2/scheduled-maintenances.json": docs.maintenances }),
    );
    signals = await startServer((_req, res) => {
      if (handler === "down") return void res.writeHead(503).end("down");
      if (handler === "garbled") return void res.writeHead(200, { "content-type": "application/json" }).end('{"points": [{"at": "yesterday"');
      if (handler === "slow")
        return void setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(series(served))), 1500);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(series(served)));
    });
    const catalog = validateCatalog(
      [
        {
          id: "sim",
          name: "Sim",
          kind: "statuspage",
          url: page.url,
          signals: [{ kind: "reports-json", url: `${signals.url}/series`, pollIntervalSeconds: 1 }],
        },
      ],
      60,
    );
    expect(catalog.problems).toEqual([]);
    deps = await pollDeps(db.prisma, catalog.entries);
    await syncSignals(db.prisma, catalog.entries);
  });
  afterAll(async () => {
    await page.close();
    await signals.close();
    await db.drop();
  });

  const due = () => db.prisma.signalSource.updateMany({ data: { nextPollAt: new Date(0) } });

  it("validates signals in the catalog: unknown kinds and bad options are named, the rest runs", () => {
    const c = validateCatalog(
      [
        { id: "a", name: "A", kind: "statuspage", url: "https://a.test", signals: [{ kind: "tea-leaves", url: "https://x.test" }] },
        { id: "b", name: "B", kind: "statuspage", url: "https://b.test", signals: [{ kind: "downdetector", url: "https://x.test", options: { factor: "x" } }] },
        { id: "c", name: "C", kind: "statuspage", url: "https://c.test", signals: [{ kind: "probe", url: "https://c.test/health" }] },
      ],
      60,
    );
    expect(c.problems.map((p) => `${p.entry}:${p.field}`)).toEqual(["a:signals.0.kind", "b:signals.0.options.factor"]);
    expect(c.entries.map((e) => e.id)).toEqual(["c"]);
    expect(c.entries[0]!.signals).toEqual([{ kind: "probe", url: "https://c.test/health", options: {}, pollIntervalSeconds: 60 }]);
  });

  it("stores the crowd series as the provider's signal points, each at its own time; re-reading adds nothing", async () => {
    const poller = new SignalPoller({ prisma: db.prisma, http: testHttp(), log });
    const out = await poller.tick();
    expect(out).toMatchObject([{ providerId: "sim", result: "stored", points: 5 }]);
    const points = await db.prisma.signalPoint.findMany({ orderBy: { at: "asc" } });
    expect(points.map((p) => p.at.toISOString())).toEqual(series(5).map((p) => p.at));
    expect(points[3]).toMatchObject({ reports: 6, baseline: 1 });
    // Not a provider of its own.
    expect(await db.prisma.provider.count()).toBe(1);

    await due();
    expect(await poller.tick()).toMatchObject([{ result: "stored", points: 0 }]);
    expect(await db.prisma.signalPoint.count()).toBe(5);
    served = 7;
    await due();
    expect(await poller.tick()).toMatchObject([{ result: "stored", points: 2 }]);
    expect(await db.prisma.signalPoint.count()).toBe(7);
    // Not due again before its interval.
    expect(await poller.tick()).toEqual([]);
  });

  it("two instances claim a due signal once between them", async () => {
    await due();
    const a = new SignalPoller({ prisma: db.prisma, http: testHttp(), log });
    const b = new SignalPoller({ prisma: db.prisma, http: testHttp(), log });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.length + rb.length).toBe(1);
  });

  it("a probe signal stores one point per poll: failing answers are not ok", async () => {
    const endpoint = await startServer((_q, r) => void r.writeHead(503).end());
    try {
      const src = await db.prisma.signalSource.create({
        data: { providerId: "sim", key: "probe x", kind: "probe", url: `${endpoint.url}/health`, options: { attempts: 2 } },
      });
      const poller = new SignalPoller({ prisma: db.prisma, http: testHttp(), log });
      await db.prisma.signalSource.updateMany({ where: { id: { not: src.id } }, data: { nextPollAt: new Date(Date.now() + 3600_000) } });
      expect(await poller.tick()).toMatchObject([{ sourceId: src.id, result: "stored", points: 1 }]);
      const [p] = await db.prisma.signalPoint.findMany({ where: { sourceId: src.id } });
      expect(p).toMatchObject({ ok: false, reports: null });
      expect(p!.detail).toContain("2/2 failed");
      expect(endpoint.requests).toHaveLength(2);
    } finally {
      await db.prisma.signalSource.deleteMany({ where: { kind: "probe" } });
      await endpoint.close();
    }
  });

  it.each(["down", "garbled", "slow"] as const)("a signal source that is %s changes nothing in the official timeline", async (mode) => {
    expect((await pollProvider(deps, { id: "sim", name: "Sim", kind: "statuspage", url: page.url, pollIntervalSeconds: 60, options: {} })).result).not.toBe(
      "failed",
    );
    const provider = () =>
      db.prisma.provider.findUniqueOrThrow({
        where: { id: "sim" },
        select: { status: true, lastError: true, consecutiveFailures: true, unreachableSince: true, lastSuccessAt: true },
      });
    const before = { counts: await timelineCounts(db.prisma), provider: await provider(), events: await db.prisma.event.count() };
    handler = mode;
    const poller = new SignalPoller({ prisma: db.prisma, http: testHttp({ timeoutMs: 400 }), log });
    for (let i = 0; i < 4; i++) {
      await due();
      expect(await poller.tick()).toMatchObject([{ result: "failed" }]);
    }
    handler = "series";
    const src = await db.prisma.signalSource.findFirstOrThrow();
    expect(src.consecutiveFailures).toBe(4);
    expect(src.lastError).toBeTruthy();
    expect({ counts: await timelineCounts(db.prisma), provider: await provider(), events: await db.prisma.event.count() }).toEqual(before);
    expect(await db.prisma.signalPoint.count()).toBe(7);
    await due();
    await poller.tick();
    expect((await db.prisma.signalSource.findFirstOrThrow()).consecutiveFailures).toBe(0);
  });
});
