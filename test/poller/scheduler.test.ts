import pino from "pino";
import { syncCatalog } from "../../src/catalog/sync";
import { claimDueProviders } from "../../src/poller/claim";
import type { PollDeps } from "../../src/poller/poll-provider";
import { PollScheduler } from "../../src/poller/scheduler";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, testHttp } from "../support/providers";

const log = pino({ level: "silent" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const summary = { page: { id: "p" }, status: { indicator: "none" }, components: [] };

/** Runs `tick` every `everyMs` for `forMs`, without waiting for a tick before starting the next (as node-cron does). */
async function tickFor(schedulers: PollScheduler[], forMs: number, everyMs = 200): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const end = Date.now() + forMs;
  while (Date.now() < end) {
    for (const s of schedulers) pending.push(s.tick());
    await sleep(everyMs);
  }
  await Promise.all(pending);
}

describe("the shared poll scheduler", () => {
  let db: TestDatabase;
  let page: TestServer;
  let handler: (path: string, res: import("node:http").ServerResponse) => boolean = () => false;
  const routes = jsonRoutes(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`/p${i}/api/v2/summary.json`, summary])));

  const deps = (threshold = 3): PollDeps => ({
    prisma: db.prisma,
    http: testHttp({ retries: 2, retryBaseMs: 10 }),
    httpWithoutRetries: testHttp({ retries: 0 }),
    failureThreshold: threshold,
    log,
  });
  const scheduler = (instanceId: string, concurrency = 4, d = deps()) => new PollScheduler(d, { instanceId, concurrency, backoffMaxSeconds: 4 }, log);
  const providers = (ids: string[], intervalSeconds: number) =>
    syncCatalog(
      db.prisma,
      ids.map((id) => ({ ...entry(id, "statuspage", `${page.url}/${id}`), pollIntervalSeconds: intervalSeconds })),
    );
  const summaryHits = (id: string) => page.requests.filter((r) => r.url === `/${id}/api/v2/summary.json`).length;

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer((req, res) => {
      if (!handler(req.url ?? "", res)) routes(req, res);
    });
  });
  afterEach(() => {
    handler = () => false;
    page.requests.length = 0;
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  it("never runs more than POLL_CONCURRENCY polls at once, however the ticks overlap", async () => {
    await providers(["p0", "p1", "p2", "p3", "p4", "p5"], 1);
    const inFlight = new Set<string>();
    let most = 0;
    handler = (path, res) => {
      const id = path.split("/")[1]!;
      if (!path.endsWith("summary.json")) return false;
      inFlight.add(id);
      most = Math.max(most, inFlight.size);
      setTimeout(() => {
        inFlight.delete(id);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(summary));
      }, 700);
      return true;
    };
    const s = scheduler("solo", 2);
    const polled = () => new Set(page.requests.filter((r) => r.url.endsWith("summary.json")).map((r) => r.url)).size;
    const end = Date.now() + 20_000;
    while (polled() < 6 && Date.now() < end) await tickFor([s], 500, 100);
    await tickFor([s], 300, 100);
    expect(polled()).toBe(6);
    expect(most).toBe(2);
    expect(s.running).toBe(0);
  }, 40_000);

  it("shares the providers among instances: each is polled about once per interval in total", async () => {
    await providers(["p0", "p1", "p2"], 1);
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(), leaseExpiresAt: null } });
    page.requests.length = 0;
    await tickFor([scheduler("a"), scheduler("b"), scheduler("c")], 5_000);
    for (const id of ["p0", "p1", "p2"]) {
      // 5 s at 1 s: at most six polls in total (three unshared schedulers: up to eighteen).
      expect(summaryHits(id)).toBeGreaterThanOrEqual(2);
      expect(summaryHits(id)).toBeLessThanOrEqual(6);
    }
    const owners = await db.prisma.provider.findMany({ where: { enabled: true }, select: { leaseOwner: true } });
    expect(owners.every((o) => ["a", "b", "c"].includes(o.leaseOwner!))).toBe(true);
  }, 15_000);

  it("lets the others take over a dead instance's providers when its lease expires, and a restart take its own back at once", async () => {
    await providers(["p0", "p1"], 2);
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(), leaseExpiresAt: null } });
    // "ghost" claims both and dies before polling.
    expect((await claimDueProviders(db.prisma, "ghost", 10, [])).map((c) => c.id).sort()).toEqual(["p0", "p1"]);
    page.requests.length = 0;
    const started = Date.now();
    await tickFor([scheduler("survivor")], 1_000);
    expect(summaryHits("p0")).toBe(0);
    await tickFor([scheduler("survivor")], 2_000);
    expect(summaryHits("p0")).toBe(1);
    expect(summaryHits("p1")).toBe(1);
    expect(Date.now() - started).toBeLessThan(2 * 2_000 + 1_500);

    // A restarted instance with the same id drops its old leases at once instead of waiting them out.
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(), leaseExpiresAt: null } });
    expect(await claimDueProviders(db.prisma, "ghost", 10, [])).toHaveLength(2);
    page.requests.length = 0;
    await scheduler("ghost").tick();
    expect(summaryHits("p0") + summaryHits("p1")).toBe(2);
  }, 15_000);

  it("writes one row for a poll of an unchanged page of a healthy provider: the claim", async () => {
    await providers(["p0"], 1);
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(), leaseExpiresAt: null, httpCache: {} } });
    await db.prisma.$executeRawUnsafe(`create table if not exists provider_writes (n int)`);
    await db.prisma.$executeRawUnsafe(
      `create or replace function count_provider_write() returns trigger language plpgsql as $$ begin insert into provider_writes values (1); return null; end $$`,
    );
    await db.prisma.$executeRawUnsafe(
      `create or replace trigger count_provider_writes after update on providers for each row execute function count_provider_write()`,
    );
    const s = scheduler("solo");
    // A full read (no validators yet), which stores the page's ETag.
    expect(await s.tick()).toHaveLength(1);
    await sleep(1_050);
    await db.prisma.$executeRawUnsafe(`delete from provider_writes`);
    const before = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } });
    expect((await s.tick()).map((o) => o.result)).toEqual(["unchanged"]);
    expect(page.requests.filter((r) => r.url === "/p0/api/v2/summary.json").at(-1)?.headers["if-none-match"]).toBeDefined();
    const [{ n }] = (await db.prisma.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from provider_writes`)) as [{ n: number }];
    expect(n).toBe(1);
    const after = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } });
    expect(after.lastSuccessAt!.getTime()).toBeGreaterThan(before.lastSuccessAt!.getTime());
    expect(after.lastSuccessAt).toEqual(after.lastPolledAt);
    expect(after.nextPollAt.getTime() - after.lastPolledAt!.getTime()).toBe(1_000);

    // A failure puts back the success the claim anticipated.
    await sleep(1_050);
    handler = (_path, res) => (res.writeHead(404).end(), true);
    expect((await s.tick()).map((o) => o.result)).toEqual(["failed"]);
    const failed = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } });
    expect(failed.lastSuccessAt).toEqual(after.lastSuccessAt);
    expect(failed.consecutiveFailures).toBe(1);
    await db.prisma.$executeRawUnsafe(`drop trigger count_provider_writes on providers`);
  }, 15_000);

  it("backs off a dead page once it is unreachable (one request per poll, interval x 2^k, capped) and resets on success", async () => {
    await providers(["p0"], 1);
    await db.prisma.provider.update({
      where: { id: "p0" },
      data: { nextPollAt: new Date(), leaseExpiresAt: null, consecutiveFailures: 0, lastError: null, unreachableSince: null },
    });
    const dead = (path: string, res: import("node:http").ServerResponse) => path.endsWith("summary.json") && (res.writeHead(503).end("down"), true);
    handler = dead;
    const s = scheduler("solo", 4, deps(2));
    page.requests.length = 0;
    await tickFor([s], 9_000);
    const times = page.requests.filter((r) => r.url === "/p0/api/v2/summary.json").length;
    // Unbacked, with retries: 9 polls × 3 requests = 27. Backed off: 2 polls × 3 (before the threshold),
    // then single requests 2 s and 4 s apart (capped at 4 s): 3 + 3 + 1 + 1 (+1 at the edge).
    expect(times).toBeGreaterThanOrEqual(7);
    expect(times).toBeLessThanOrEqual(9);
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } });
    expect(p.unreachableSince).not.toBeNull();
    expect(p.nextPollAt.getTime() - p.lastPolledAt!.getTime()).toBe(4_000);

    handler = () => false;
    const end = Date.now() + 6_000;
    while (Date.now() < end && (await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } })).unreachableSince) await tickFor([s], 250, 250);
    const back = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p0" } });
    expect(back.unreachableSince).toBeNull();
    expect(back.consecutiveFailures).toBe(0);
    // The claim scheduled it one interval after it started, not 4 s (the success is written a moment later).
    expect(back.nextPollAt.getTime() - back.lastPolledAt!.getTime()).toBeGreaterThan(0);
    expect(back.nextPollAt.getTime() - back.lastPolledAt!.getTime()).toBeLessThanOrEqual(1_000);
  }, 30_000);

  it("claims a row that is all a poller needs: the kind's options come from the table", async () => {
    await syncCatalog(db.prisma, [{ ...entry("vertex", "gcp", `${page.url}/incidents.json`, { products: ["Vertex"] }), pollIntervalSeconds: 30 }]);
    await db.prisma.provider.update({ where: { id: "vertex" }, data: { nextPollAt: new Date(), leaseExpiresAt: null } });
    const [claimed] = await claimDueProviders(db.prisma, "solo", 10, []);
    expect(claimed).toMatchObject({ id: "vertex", kind: "gcp", url: `${page.url}/incidents.json`, pollIntervalSeconds: 30, options: { products: ["Vertex"] } });
    expect(await claimDueProviders(db.prisma, "other", 10, [])).toEqual([]);
  });
});
