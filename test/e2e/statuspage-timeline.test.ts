import fs from "node:fs";
import path from "node:path";
import { OUTAGE_STAGES, statuspageAt } from "../../src/demo/outage-script";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps, testHttp, timelineCounts } from "../support/providers";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));
const T0 = Date.parse("2026-05-01T10:00:00Z");

function serveStage(server: TestServer, stage: number) {
  const docs = statuspageAt(stage, server.url, T0, 60_000);
  server.setHandler(
    jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents, "/api/v2/scheduled-maintenances.json": docs.maintenances }),
  );
}

describe("statuspage → timeline → API", () => {
  let db: TestDatabase;
  let api: TestApi;
  let page: TestServer;
  let deps: PollDeps;
  const sim = () => entry("sim", "statuspage", page.url);

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    page = await startServer((_q, r) => void r.writeHead(503).end());
    deps = await pollDeps(db.prisma, [entry("sim", "statuspage", page.url), entry("acme", "statuspage", page.url + "/acme")]);
  });
  afterAll(async () => {
    await api.close();
    await page.close();
    await db.drop();
  });

  it("records an outage's stages as ordered transitions, and re-polling the same page adds nothing", async () => {
    serveStage(page, 0);
    expect((await pollProvider(deps, sim())).result).toBe("updated");
    for (let stage = 1; stage < OUTAGE_STAGES.length; stage++) {
      serveStage(page, stage);
      expect((await pollProvider(deps, sim())).result).toBe("updated");
    }
    const before = await timelineCounts(db.prisma);
    const again = await pollProvider(deps, sim());
    expect(again.result).toBe("unchanged");
    serveStage(page, OUTAGE_STAGES.length - 1); // new server handler: same content, validators still match
    expect((await pollProvider(deps, { ...sim() })).result).toBe("unchanged");
    expect(await timelineCounts(db.prisma)).toEqual(before);

    const list = await api.get("/api/v1/incidents?provider=sim");
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      providerId: "sim",
      externalId: "demo0utage01",
      title: "Elevated errors on Claude API",
      status: "resolved",
      impact: "major",
      startedAt: "2026-05-01T10:02:00.000Z",
      resolvedAt: "2026-05-01T10:05:00.000Z",
    });
    const detail = await api.get(`/api/v1/incidents/${list.body.data[0].id}`);
    expect(detail.body.data.updates.map((u: { status: string }) => u.status)).toEqual(["investigating", "identified", "monitoring", "resolved"]);
    expect(detail.body.data.transitions).toEqual([
      { from: null, to: "investigating", at: "2026-05-01T10:02:00.000Z" },
      { from: "investigating", to: "identified", at: "2026-05-01T10:03:00.000Z" },
      { from: "identified", to: "monitoring", at: "2026-05-01T10:04:00.000Z" },
      { from: "monitoring", to: "resolved", at: "2026-05-01T10:05:00.000Z" },
    ]);

    const events = await api.get("/api/v1/events?provider=sim&limit=200");
    const kinds = events.body.data.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === "incident_opened")).toHaveLength(1);
    expect(kinds).toContain("incident_resolved");
    expect(kinds).toContain("component_status_changed");
    const live = events.body.data.filter((e: { backfill: boolean }) => !e.backfill);
    expect(live.length).toBeGreaterThan(0);
    expect(events.body.data.filter((e: { backfill: boolean }) => e.backfill).every((e: { kind: string }) => e.kind !== "incident_opened")).toBe(true);

    const provider = await api.get("/api/v1/providers/sim");
    expect(provider.body.data.status).toBe("operational");
    expect(provider.body.data.components.find((c: { name: string }) => c.name.startsWith("Claude API")).status).toBe("operational");
  });

  it("records a provider's first sync as backfill, with every incident and maintenance of the payload", async () => {
    page.setHandler(
      jsonRoutes({
        "/acme/api/v2/summary.json": fixture("acme-summary.json"),
        "/acme/api/v2/incidents.json": fixture("acme-incidents.json"),
        "/acme/api/v2/scheduled-maintenances.json": fixture("acme-maintenances.json"),
      }),
    );
    expect((await pollProvider(deps, entry("acme", "statuspage", page.url + "/acme"))).result).toBe("updated");
    const list = await api.get("/api/v1/incidents?provider=acme");
    expect(list.body.data.map((i: { title: string; status: string }) => [i.title, i.status])).toEqual([
      ["Elevated API error rates 🚨", "identified"],
      ["Delayed webhook deliveries", "resolved"],
    ]);
    const events = await api.get("/api/v1/events?provider=acme&limit=200");
    expect(events.body.data.length).toBeGreaterThan(0);
    expect(events.body.data.every((e: { backfill: boolean }) => e.backfill)).toBe(true);
    const maint = await api.get("/api/v1/maintenances?provider=acme");
    expect(maint.body.data).toHaveLength(1);
    const m = await api.get(`/api/v1/maintenances/${maint.body.data[0].id}`);
    expect(m.body.data).toMatchObject({ title: "Database upgrade", status: "scheduled", scheduledFor: "2026-03-20T09:00:00.000Z" });
    expect(m.body.data.updates).toHaveLength(1);
    const active = await api.get("/api/v1/incidents?provider=acme&active=true");
    expect(active.body.data.map((i: { externalId: string }) => i.externalId)).toEqual(["inc-open"]);
  });

  it("does not resolve an incident that drops out of a later payload", async () => {
    const docs = statuspageAt(3, page.url, T0, 60_000);
    const db2 = await freshDatabase();
    try {
      const d = await pollDeps(db2.prisma, [entry("sim", "statuspage", page.url)]);
      page.setHandler(jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents }));
      await pollProvider(d, sim());
      page.setHandler(jsonRoutes({ "/api/v2/summary.json": { ...docs.summary, incidents: [] }, "/api/v2/incidents.json": { incidents: [] } }));
      await pollProvider(d, sim());
      const inc = await db2.prisma.incident.findFirstOrThrow({ where: { providerId: "sim" } });
      expect(inc.status).toBe("identified");
      expect(inc.resolvedAt).toBeNull();
    } finally {
      await db2.drop();
    }
  });
});

describe("a failing status page", () => {
  let db: TestDatabase;
  let page: TestServer;
  let deps: PollDeps;
  const acme = () => entry("acme", "statuspage", page.url);

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer(jsonRoutes({ "/api/v2/summary.json": fixture("acme-summary.json") }));
    deps = await pollDeps(db.prisma, [acme()], testHttp({ timeoutMs: 400, maxBodyBytes: 1_000_000 }));
    expect((await pollProvider(deps, acme())).result).toBe("updated");
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  it.each([
    [
      "a body that is not JSON",
      (_q: unknown, r: any) => r.writeHead(200, { "content-type": "application/json" }).end("<html>oops</html>"),
      /invalid_payload: summary.json is not JSON/,
    ],
    ["HTTP 500", (_q: unknown, r: any) => r.writeHead(500).end("boom"), /HTTP 500/],
    ["a timeout", (_q: unknown, r: any) => setTimeout(() => r.writeHead(200).end("{}"), 1500), /timeout/],
    [
      "a 50 MB body",
      (_q: unknown, r: any) => {
        r.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(1024 * 1024, 32);
        let sent = 0;
        const pump = () => {
          while (sent < 50 && r.write(chunk)) sent++;
          if (sent < 50 && !r.destroyed) r.once("drain", pump);
          else r.end();
        };
        r.on("error", () => {});
        pump();
      },
      /too_large/,
    ],
    [
      "a summary of the wrong shape",
      (_q: unknown, r: any) => r.writeHead(200).end(JSON.stringify({ components: "all good" })),
      /invalid_payload: summary.json has none of page, status or components/,
    ],
  ])("%s leaves the timeline unchanged and records the reason", async (_what, handler, reason) => {
    const before = await timelineCounts(db.prisma);
    page.setHandler(handler as any);
    const outcome = await pollProvider(deps, acme());
    expect(outcome.result).toBe("failed");
    expect(outcome.reason).toMatch(reason);
    expect(await timelineCounts(db.prisma)).toEqual(before);
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "acme" } });
    expect(p.lastError).toMatch(reason);
  });

  it("after repeated failures marks the source unreachable, and records its recovery", async () => {
    const unreachable = await db.prisma.event.findMany({ where: { providerId: "acme", kind: "source_unreachable" } });
    expect(unreachable).toHaveLength(1);
    page.setHandler(jsonRoutes({ "/api/v2/summary.json": fixture("acme-summary.json") }));
    expect((await pollProvider(deps, acme())).result).toBe("unchanged");
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "acme" } });
    expect(p).toMatchObject({ consecutiveFailures: 0, lastError: null, unreachableSince: null });
    expect(await db.prisma.event.count({ where: { providerId: "acme", kind: "source_recovered" } })).toBe(1);
  });
});
