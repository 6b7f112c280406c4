import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { SUCCESS_REFRESH_MS, successIsFresh } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type Handler, type TestServer } from "../support/http-server";
import { entry, pollDeps, timelineCounts } from "../support/providers";

const T0 = Date.parse("2026-06-01T12:00:00Z");

const summary = {
  page: { id: "p", name: "P" },
  status: { indicator: "minor", description: "Partial" },
  components: [
    { id: "c1", name: "API", status: "degraded_performance" },
    { id: "c2", name: "Web", status: "operational" },
  ],
  incidents: [],
};

const incidents = {
  incidents: [
    {
      id: "i1",
      name: "Errors",
      status: "identified",
      impact: "minor",
      created_at: "2026-06-01T11:00:00Z",
      updated_at: "2026-06-01T11:10:00Z",
      components: [{ name: "a,b" }, { name: 'q"x' }, { name: "{br}" }, { name: "API" }],
      incident_updates: [
        { id: "u1", status: "investigating", body: 'He said "hi", {x}', display_at: "2026-06-01T11:00:00Z", affected_components: [] },
        {
          id: "u2",
          status: "identified",
          body: "Found it",
          display_at: "2026-06-01T11:10:00Z",
          affected_components: [{ name: "API", old_status: "operational", new_status: "degraded_performance" }],
        },
      ],
    },
  ],
};

/** The row version of the provider's row: it changes with every write to that row. */
async function rowVersion(db: TestDatabase, id: string): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<{ v: string }[]>(`select xmin::text as v from providers where id = $1`, id);
  return rows[0]!.v;
}

describe("a poll that finds nothing new", () => {
  let db: TestDatabase;
  let page: TestServer;
  let deps: PollDeps;
  let clock = T0;
  const withEtags = jsonRoutes({ "/api/v2/summary.json": summary, "/api/v2/incidents.json": incidents });
  // The same documents from a server that sends no validators: every poll gets a 200 and a full body.
  const withoutEtags: Handler = (req, res) => {
    const doc = req.url === "/api/v2/summary.json" ? summary : req.url === "/api/v2/incidents.json" ? incidents : undefined;
    if (!doc) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
  };

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer(withEtags);
    deps = { ...(await pollDeps(db.prisma, [entry("p", "statuspage", page.url), entry("q", "statuspage", page.url)])), now: () => new Date(clock) };
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  it("stores a first sync in full, including names and bodies with commas, quotes and braces", async () => {
    page.setHandler(withEtags);
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("updated");
    const inc = await db.prisma.incident.findFirstOrThrow({ where: { providerId: "p" }, include: { updates: { orderBy: { displayAt: "asc" } } } });
    expect(inc.components).toEqual(["a,b", 'q"x', "{br}", "API"]);
    expect(inc.updates.map((u) => u.body)).toEqual(['He said "hi", {x}', "Found it"]);
    expect(inc.updates[1]!.affectedComponents).toEqual([{ name: "API", from: "operational", to: "degraded_performance" }]);
    const events = await db.prisma.event.findMany({ where: { providerId: "p" }, orderBy: { id: "asc" } });
    // In the order they happened on the page: the incident's transitions, then the component and
    // page status they led to. The updates already posted are stored above, not repeated as events.
    expect(events.map((e) => e.kind)).toEqual(["incident_opened", "incident_status_changed", "component_status_changed", "provider_status_changed"]);
    expect(events.every((e) => e.backfill)).toBe(true);
    const history = await db.prisma.componentStatusChange.findMany({ include: { component: true } });
    expect(history.map((h) => [h.component.name, h.fromStatus, h.toStatus])).toEqual([
      ["API", null, "degraded_performance"],
      ["Web", null, "operational"],
    ]);
  });

  it("answered 304 within a minute of the last success, writes no row at all", async () => {
    page.setHandler(withEtags);
    clock = T0 + 30_000;
    const before = { version: await rowVersion(db, "p"), counts: await timelineCounts(db.prisma) };
    const seen = page.requests.length;
    const out = await pollProvider(deps, entry("p", "statuspage", page.url));
    expect(out.result).toBe("unchanged");
    const summaryGet = page.requests.slice(seen).find((r) => r.url === "/api/v2/summary.json");
    expect(summaryGet?.headers["if-none-match"]).toBeDefined();
    expect(await rowVersion(db, "p")).toBe(before.version);
    expect(await timelineCounts(db.prisma)).toEqual(before.counts);
  });

  it("answered 200 with the same content and no validators, writes no row either", async () => {
    page.setHandler(withoutEtags);
    clock = T0 + 40_000;
    // The first poll without validators stores the (now empty) validators: one write.
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("unchanged");
    const version = await rowVersion(db, "p");
    clock = T0 + 50_000;
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("unchanged");
    expect(await rowVersion(db, "p")).toBe(version);
  });

  it("refreshes the success time once it is a minute old: one row", async () => {
    page.setHandler(withEtags);
    await pollProvider(deps, entry("p", "statuspage", page.url)); // validators back
    const stored = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p" } });
    clock = stored.lastSuccessAt!.getTime() + SUCCESS_REFRESH_MS + 1_000;
    const version = await rowVersion(db, "p");
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("unchanged");
    expect(await rowVersion(db, "p")).not.toBe(version);
    const after = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p" } });
    expect(after.lastSuccessAt!.getTime()).toBe(clock);
    expect(after.lastPolledAt!.getTime()).toBe(clock);
  });

  it("records recovery on the first 304 after a failure, however recent the last success", async () => {
    const start = clock;
    page.setHandler((_req, res) => void res.writeHead(503).end());
    clock = start + 1_000;
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("failed");
    page.setHandler(withEtags);
    clock = start + 2_000;
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("unchanged");
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "p" } });
    expect(p).toMatchObject({ consecutiveFailures: 0, lastError: null, unreachableSince: null });
    expect(p.lastSuccessAt!.getTime()).toBe(start + 2_000);
  });

  it("writes the recovery event when an unreachable source answers 304", async () => {
    const start = clock;
    page.setHandler((_req, res) => void res.writeHead(503).end());
    for (let i = 1; i <= 3; i++) {
      clock = start + i * 1_000;
      await pollProvider(deps, entry("p", "statuspage", page.url));
    }
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "p" } })).unreachableSince).not.toBeNull();
    page.setHandler(withEtags);
    clock = start + 10_000;
    expect((await pollProvider(deps, entry("p", "statuspage", page.url))).result).toBe("unchanged");
    const recovered = await db.prisma.event.findMany({ where: { providerId: "p", kind: "source_recovered" } });
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.data).toMatchObject({ unreachableSince: new Date(start + 3_000).toISOString(), downForSeconds: 7 });
  });
});

describe("successIsFresh", () => {
  const now = new Date(T0);
  const healthy = { lastSuccessAt: new Date(T0 - 10_000), consecutiveFailures: 0, unreachableSince: null, lastError: null };
  it.each([
    ["healthy, 10 s ago", healthy, true],
    ["never succeeded", { ...healthy, lastSuccessAt: null }, false],
    ["a minute ago", { ...healthy, lastSuccessAt: new Date(T0 - SUCCESS_REFRESH_MS) }, false],
    ["in the future (clock moved back)", { ...healthy, lastSuccessAt: new Date(T0 + 5_000) }, false],
    ["failures pending", { ...healthy, consecutiveFailures: 1 }, false],
    ["an error kept", { ...healthy, lastError: "HTTP 500" }, false],
    ["unreachable", { ...healthy, unreachableSince: new Date(T0 - 60_000) }, false],
  ])("%s", (_label, state, fresh) => {
    expect(successIsFresh(state, now)).toBe(fresh);
  });
});
