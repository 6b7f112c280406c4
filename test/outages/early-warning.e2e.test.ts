import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { validateCatalog } from "../../src/catalog/load";
import { loadConfig } from "../../src/config";
import { dataOf } from "../../src/events/contract";
import { statuspageAt } from "../../src/demo/outage-script";
import { Dispatcher } from "../../src/notify/dispatcher";
import { evaluateProvider } from "../../src/outages/episodes";
import { SignalPoller } from "../../src/outages/signal-poller";
import { syncSignals } from "../../src/outages/signal-sync";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import type { ProviderEntry } from "../../src/sources/types";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { API_KEY, notifyConfig, silentLog, startSlackStandIn, waitFor } from "../support/notify";
import { pollDeps, testHttp } from "../support/providers";

const MIN = 60_000;
const outagesCfg = loadConfig({ API_KEY }).outages;
/** The spike starts at S; the page's first "Investigating" is 40 minutes later. */
const S = Date.parse("2026-05-01T12:00:00Z");
const ACK = S + 40 * MIN;
const STEP = 5 * MIN;
const START = S - 180 * MIN;
const BUMPS: Record<number, number> = { 7: 5, 15: 7, 22: 6, 30: 6 };
const SPIKE = [18, 45, 90, 160, 210, 260, 240, 230, 220, 200, 180, 150, 120, 90, 60, 40, 20];
/** Three quiet hours at a baseline of 1 with lone bumps of 5-7, then the outage. */
const SERIES = Array.from({ length: 36 + SPIKE.length }, (_, i) => ({
  at: new Date(START + i * STEP).toISOString(),
  reports: i < 36 ? (BUMPS[i] ?? (i % 3 === 0 ? 2 : 1)) : SPIKE[i - 36]!,
  baseline: 1,
}));

let db: TestDatabase;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let pages: TestServer;
let signals: TestServer;
let server: Server;
let base: string;
let deps: PollDeps;
let entries: ProviderEntry[];
let dispatcher: Dispatcher;
let served = 0;
const pageStage: Record<string, { stage: number; startMs: number }> = {};

function servePages(req: Parameters<Parameters<typeof startServer>[0]>[0], res: Parameters<Parameters<typeof startServer>[0]>[1]) {
  const [, id, ...rest] = (req.url ?? "").split("/");
  const st = pageStage[id ?? ""];
  if (!st) return void res.writeHead(404).end();
  const docs = statuspageAt(st.stage, `${pages.url}/${id}`, st.startMs, 20 * MIN);
  req.url = `/${rest.join("/")}`;
  jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents, "/api/v2/scheduled-maintenances.json": docs.maintenances })(
    req,
    res,
  );
}

const entryOf = (id: string) => entries.find((e) => e.id === id)!;
const events = (providerId: string) => db.prisma.event.findMany({ where: { providerId, backfill: false }, orderBy: { id: "asc" } });
const detect = async (providerId: string) => void (await evaluateProvider(db.prisma, providerId, outagesCfg));

async function post(path: string, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as any };
}
const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as any };
};
const withKey = { authorization: `Bearer ${API_KEY}` };

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
  pages = await startServer(servePages);
  signals = await startServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(SERIES.slice(0, served))));
  // Stage 0 of the script is all operational; stage 2 is the first "Investigating", placed at ACK.
  pageStage.anthropic = { stage: 0, startMs: ACK - 40 * MIN };
  pageStage.acme = { stage: 0, startMs: Date.now() };
  pageStage.floodco = { stage: 0, startMs: Date.now() };
  const catalog = validateCatalog(
    [
      {
        id: "anthropic",
        name: "Anthropic",
        kind: "statuspage",
        url: `${pages.url}/anthropic`,
        signals: [{ kind: "reports-json", url: `${signals.url}/series`, pollIntervalSeconds: 60 }],
      },
      { id: "acme", name: "Acme", kind: "statuspage", url: `${pages.url}/acme` },
      { id: "floodco", name: "Floodco", kind: "statuspage", url: `${pages.url}/floodco` },
    ],
    60,
  );
  entries = catalog.entries;
  deps = { ...(await pollDeps(db.prisma, entries)), afterIngest: detect };
  await syncSignals(db.prisma, entries);
  for (const e of entries) expect((await pollProvider(deps, e)).result).toBe("updated");

  const cfg = notifyConfig({ webhookAllowlist: [slack.base] });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: cfg }, outages: outagesCfg });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sub = await post("/api/v1/subscriptions", { channel: "slack", target: slack.url("oncall"), providers: ["anthropic", "acme"] }, withKey);
  expect(sub.status).toBe(201);
  expect(sub.body.data.events).toContain("outage_suspected");
  const sub2 = await post(
    "/api/v1/subscriptions",
    { channel: "slack", target: slack.url("confirmations"), events: ["outage_confirmed", "outage_cleared", "incident_opened"] },
    withKey,
  );
  expect(sub2.status).toBe(201);
  dispatcher = new Dispatcher({ prisma: db.prisma, config: cfg, log: silentLog, voteSecret: outagesCfg.reportSalt });
  dispatcher.start();
}, 120_000);

afterAll(async () => {
  await dispatcher?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await slack?.close();
  await pages?.close();
  await signals?.close();
  await db?.drop();
});

describe("early warning, end to end", () => {
  it("a crowd spike 40 min before the page's Investigating: suspected first, Possible outage on Slack first, lead >= 25 min; quiet bumps raise nothing", async () => {
    const poller = new SignalPoller({ prisma: db.prisma, http: testHttp(), log: silentLog, onPolled: detect });
    for (let i = 0; i < SERIES.length; i++) {
      served = i + 1;
      await db.prisma.signalSource.updateMany({ data: { nextPollAt: new Date(0) } });
      expect(await poller.tick()).toMatchObject([{ result: "stored" }]);
      if (Date.parse(SERIES[i]!.at) >= ACK && pageStage.anthropic!.stage === 0) pageStage.anthropic!.stage = 2;
      await pollProvider(deps, entryOf("anthropic"));
      if (i === 35) {
        // The quiet hours, lone bumps included, raised nothing.
        expect(await db.prisma.outageEpisode.count({ where: { providerId: "anthropic" } })).toBe(0);
        expect((await events("anthropic")).map((e) => e.kind)).toEqual([]);
      }
    }
    const kinds = (await events("anthropic")).map((e) => e.kind);
    expect(kinds.indexOf("outage_suspected")).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf("outage_suspected")).toBeLessThan(kinds.indexOf("incident_opened"));
    expect(kinds.filter((k) => k.startsWith("outage_"))).toEqual(["outage_suspected", "outage_confirmed"]);

    const list = await get("/api/v1/outages?provider=anthropic");
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const episode = list.body.data[0];
    expect(episode).toMatchObject({ state: "confirmed", acknowledgedAt: new Date(ACK).toISOString() });
    expect(episode.leadSeconds).toBeGreaterThanOrEqual(25 * 60);
    expect(Date.parse(episode.suspectedAt)).toBeGreaterThanOrEqual(S);

    const detail = await get(`/api/v1/outages/${episode.id}`);
    expect(detail.body.data.incidentId).toEqual(expect.any(Number));
    expect(detail.body.data.signals[0].points.length).toBeGreaterThan(10);
    expect(detail.body.data.reasons[0]).toMatchObject({ signal: "crowd" });

    const posts = await waitFor("the incident on Slack", () => {
      const p = slack.forPath("oncall");
      return p.some((x) => x.body.text.includes("Elevated errors")) ? p : undefined;
    });
    expect(posts[0]!.body.text).toContain("Possible outage");
    expect(JSON.stringify(posts[0]!.body.blocks)).toContain("Possible outage — not yet acknowledged by Anthropic");
    // "In statuswatch" opens the outage's own page under PUBLIC_URL, which tells the story now.
    const link = new RegExp(`<http://statuswatch\\.test(/outages/${episode.id})\\|In statuswatch>`).exec(JSON.stringify(posts[0]!.body.blocks));
    expect(link).not.toBeNull();
    const outagePage = await fetch(base + link![1]);
    expect(outagePage.status).toBe(200);
    const story = await outagePage.text();
    expect(story).toContain(`Anthropic: Outage #${episode.id}`);
    expect(story).toContain(`statuswatch warned ${Math.round(episode.leadSeconds / 60)} min before Anthropic&#39;s status page acknowledged it.`);
    const confirmation = await waitFor("the confirmation on Slack", () => slack.forPath("confirmations").find((p) => p.body.text.includes("Outage confirmed")));
    const minutes = Math.round(episode.leadSeconds / 60);
    expect(JSON.stringify(confirmation.body.blocks)).toContain(`we warned ${minutes} min before the status page`);
    expect(slack.forPath("confirmations").findIndex((p) => p.body.text.includes("Outage confirmed"))).toBeGreaterThan(
      slack.forPath("confirmations").findIndex((p) => p.body.text.includes("Elevated errors")),
    );

    // The buttons are signed links, usable without login; a vote lands as a report.
    const actions = posts[0]!.body.blocks.find((b) => b.type === "actions") as { elements: Array<{ url: string; text: { text: string } }> };
    expect(actions.elements.map((e) => e.text.text)).toEqual(["I'm affected", "Not affected"]);
    const affected = new URL(actions.elements[0]!.url);
    const page = await fetch(`${base}${affected.pathname}${affected.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const vote = await fetch(`${base}${affected.pathname}${affected.search}`, { method: "POST" });
    expect(vote.status).toBe(202);
    expect(await db.prisma.userReport.findFirstOrThrow({ where: { providerId: "anthropic" } })).toMatchObject({ via: "link", affected: true, counted: true });
    const forged = await fetch(`${base}${affected.pathname}${affected.search.replace(/.$/, (c) => (c === "A" ? "B" : "A"))}`, { method: "POST" });
    expect(forged.status).toBe(403);

    const sig = await get("/api/v1/providers/anthropic/signals?since=2026-05-01T00:00:00Z");
    expect(sig.status).toBe(200);
    expect(sig.body.data.series[0]).toMatchObject({ kind: "reports-json", baseline: 1 });
    expect(sig.body.data.series[0].points).toHaveLength(SERIES.length);
    expect(sig.body.data.judgement.state).toEqual(expect.any(String));
  }, 240_000);

  it("1,000 reports from one reporter count once, get 429 past the limit, and raise nothing", async () => {
    const statuses: number[] = [];
    let counted = 0;
    for (let batch = 0; batch < 100; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => post("/api/v1/providers/floodco/reports", { reporter: "mallory", symptom: "down" }, withKey)),
      );
      for (const a of answers) {
        statuses.push(a.status);
        if (a.status === 202 && a.body.data.counted) counted++;
      }
    }
    expect(statuses).toHaveLength(1000);
    expect(counted).toBe(1);
    expect(statuses.filter((s) => s === 202)).toHaveLength(outagesCfg.reportRateLimit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - outagesCfg.reportRateLimit);
    expect(await db.prisma.userReport.count({ where: { providerId: "floodco" } })).toBe(outagesCfg.reportRateLimit);
    expect(await db.prisma.outageEpisode.count({ where: { providerId: "floodco" } })).toBe(0);
    expect((await events("floodco")).map((e) => e.kind)).toEqual([]);
  }, 240_000);

  it("3 distinct reporters within 10 minutes raise outage_suspected at once; the page's incident confirms it with a positive lead", async () => {
    expect((await post("/api/v1/providers/acme/reports", { reporter: "alice", symptom: "errors" }, withKey)).body.data).toEqual({ counted: true });
    expect((await post("/api/v1/providers/acme/reports", { reporter: "bob", component: "API" }, withKey)).body.data).toEqual({ counted: true });
    expect((await events("acme")).map((e) => e.kind)).toEqual([]);
    // The third: from the dashboard, no key, no reporter: the client's salted hash.
    const third = await post("/api/v1/providers/acme/reports", { symptom: "down" });
    expect(third).toMatchObject({ status: 202, body: { data: { counted: true } } });
    expect((await events("acme")).map((e) => e.kind)).toEqual(["outage_suspected"]);
    const stored = await db.prisma.userReport.findMany({ where: { providerId: "acme" } });
    expect(stored.map((r) => r.reporter).join(" ")).not.toMatch(/127\.0\.0\.1|::1/);

    // The dashboard shows it above open incidents, and each provider's grade.
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain("Possible outage — not yet acknowledged by Acme");
    expect(html.indexOf('id="suspected"')).toBeLessThan(html.indexOf('id="incidents"'));
    expect(html).not.toContain("<script");

    // The page admits it a moment later.
    const suspected = await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "acme" } });
    await new Promise((r) => setTimeout(r, 1100));
    pageStage.acme = { stage: 2, startMs: Date.now() - 40 * MIN };
    await pollProvider(deps, entryOf("acme"));
    const kinds = (await events("acme")).map((e) => e.kind);
    expect(kinds.indexOf("outage_confirmed")).toBeGreaterThan(kinds.indexOf("incident_opened"));
    const confirmedEvent = (await events("acme")).find((e) => e.kind === "outage_confirmed")!;
    expect(dataOf(confirmedEvent, "outage_confirmed")).toMatchObject({ episodeId: suspected.id, leadSeconds: expect.any(Number) });
    const confirmed = await db.prisma.outageEpisode.findUniqueOrThrow({ where: { id: suspected.id } });
    expect(confirmed.state).toBe("confirmed");
    expect(confirmed.incidentId).not.toBeNull();
    expect(confirmed.leadSeconds).toBeGreaterThan(0);

    const acc = await get("/api/v1/providers/acme/accuracy?days=90");
    expect(acc.body.data).toMatchObject({ episodes: 1, acknowledged: 1, unacknowledged: 0, falseAlarms: 0 });
    expect(acc.body.data.grade).toEqual(expect.stringMatching(/^[A-F]$/));
    const after = await (await fetch(`${base}/`)).text();
    expect(after).not.toContain('id="suspected"');
    expect(after).toMatch(new RegExp(`data-provider="acme">(?:(?!</li>).)*<span class="grade"[^>]*>page grade ${acc.body.data.grade}</span>`, "s"));
  }, 120_000);

  it("the reports API: 404 unknown provider, 400 problem+json for a bad body, 401 for a bad key or a keyless reporter, 403 for a forged link", async () => {
    expect((await post("/api/v1/providers/nope/reports", {}, withKey)).status).toBe(404);
    const bad = await post("/api/v1/providers/acme/reports", { symptom: "sad" }, withKey);
    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/problem+json");
    expect(bad.body["invalid-params"][0].name).toBe("symptom");
    expect((await post("/api/v1/providers/acme/reports", { extra: 1 }, withKey)).status).toBe(400);
    expect((await post("/api/v1/providers/acme/reports", { reporter: "x" }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await post("/api/v1/providers/acme/reports", { reporter: "x" })).status).toBe(401);
    expect((await post("/api/v1/providers/acme/reports", { token: "abc.def" })).status).toBe(403);
    expect((await get("/api/v1/outages?state=maybe")).status).toBe(400);
    expect((await get("/api/v1/outages/999999")).status).toBe(404);
    expect((await get("/api/v1/providers/acme/accuracy?days=0")).status).toBe(400);
  });
});
