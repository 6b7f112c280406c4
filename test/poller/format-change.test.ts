import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApi } from "../../src/api/app";
import { syncCatalog } from "../../src/catalog/sync";
import type { EventKind } from "../../src/domain/status";
import { channels } from "../../src/notify/channels";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { buildMessage } from "../../src/notify/message";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { type Handler, jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { startApi } from "../support/api";
import { API_KEY, notifyConfig, silentLog, startSlackStandIn, waitFor } from "../support/notify";
import { entry, pollDeps } from "../support/providers";

/**
 * A Statuspage page that changes format (HTML, 404, most components gone) raises one
 * source_format_changed over many polls, a recovery re-arms it, a dead host stays
 * source_unreachable, and the event reaches an operator's Slack subscription.
 */
const POLLS = 8;

function summary(components: number, base: string) {
  return {
    page: { id: "fmt", name: "Fmt", url: base, updated_at: "2026-12-01T10:00:00Z" },
    status: { indicator: "none", description: "All Systems Operational" },
    components: Array.from({ length: components }, (_, i) => ({
      id: `c${i}`,
      name: `Component ${i}`,
      status: "operational",
      updated_at: "2026-12-01T10:00:00Z",
    })),
    incidents: [],
    scheduled_maintenances: [],
  };
}
const statuspage = (page: TestServer, components: number): Handler => jsonRoutes({ "/api/v2/summary.json": summary(components, page.url) });
const html: Handler = (_q, r) =>
  void r.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body><h1>Our new status page</h1></body></html>");
const gone: Handler = (_q, r) => void r.writeHead(404).end("not found");
const instatusDir = path.join(__dirname, "../fixtures/instatus");
const instatus: Handler = jsonRoutes({
  "/summary.json": JSON.parse(fs.readFileSync(path.join(instatusDir, "summary.json"), "utf8")),
  "/v2/components.json": JSON.parse(fs.readFileSync(path.join(instatusDir, "components.json"), "utf8")),
});

let db: TestDatabase;
let page: TestServer;
let deps: PollDeps;
const fmt = () => entry("fmt", "statuspage", page.url);

async function eventsOf(providerId: string, kinds: EventKind[]) {
  return db.prisma.event.findMany({ where: { providerId, kind: { in: kinds } }, orderBy: { id: "asc" } });
}
const FORMAT_KINDS: EventKind[] = ["source_format_changed", "source_format_recovered", "source_unreachable", "source_recovered"];
async function kindsOf(providerId: string) {
  return (await eventsOf(providerId, FORMAT_KINDS)).map((e) => e.kind);
}
async function pollTimes(n: number, e = fmt()) {
  const results = [];
  for (let i = 0; i < n; i++) results.push((await pollProvider(deps, e)).result);
  return results;
}

beforeAll(async () => {
  db = await freshDatabase();
  page = await startServer(gone);
  page.setHandler(statuspage(page, 8));
  deps = await pollDeps(db.prisma, [fmt()]);
});
afterAll(async () => {
  await page?.close();
  await db?.drop();
});

describe("a watched Statuspage page that changes format", () => {
  it("a page that never parsed is failing as before (unreachable after the threshold), not changed", async () => {
    const fresh = entry("fresh", "statuspage", `${page.url}/fresh`);
    const d = await pollDeps(db.prisma, [fmt(), fresh]);
    for (let i = 0; i < 4; i++) await pollProvider(d, fresh);
    expect(await kindsOf("fresh")).toEqual(["source_unreachable"]);
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fresh" } })).formatGoodComponents).toBeNull();
  });

  it("switching to an HTML page raises one source_format_changed over many polls, with detection's word", async () => {
    page.setHandler(statuspage(page, 8));
    expect((await pollProvider(deps, fmt())).result).toBe("updated");
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatGoodComponents).toBe(8);

    page.setHandler(html);
    expect(await pollTimes(POLLS)).toEqual(Array(POLLS).fill("failed"));
    const events = await eventsOf("fmt", FORMAT_KINDS);
    expect(events.map((e) => e.kind)).toEqual(["source_format_changed"]);
    expect(events[0]!.data).toEqual({
      what: "the page answered, but summary.json is not JSON (it is HTML)",
      kind: "statuspage",
      suggestion: expect.stringMatching(/^no kind statuswatch reads fits the page now \(tried \d+ documents\)$/),
    });
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } });
    expect(p.formatChangedSince).toEqual(events[0]!.occurredAt);
    expect(p.formatChange).toBe("the page answered, but summary.json is not JSON (it is HTML)");
    expect(p.unreachableSince).toBeNull();
  });

  it("parsing again with its components re-arms it; a 404 then raises one more", async () => {
    page.setHandler(statuspage(page, 8));
    expect((await pollProvider(deps, fmt())).result).not.toBe("failed");
    expect(await kindsOf("fmt")).toEqual(["source_format_changed", "source_format_recovered"]);
    const recovered = (await eventsOf("fmt", ["source_format_recovered"]))[0]!;
    expect(recovered.data).toMatchObject({ what: "the page parses again with 8 components" });
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatChangedSince).toBeNull();

    // PagerDuty opens one alert for the change and closes it on the recovery, apart from an unreachable page's.
    const [first, back] = await eventsOf("fmt", ["source_format_changed", "source_format_recovered"]);
    const trigger = channels.pagerduty.render(await buildMessage(db.prisma, first!.id, "http://sw.test"));
    const resolve = channels.pagerduty.render(await buildMessage(db.prisma, back!.id, "http://sw.test"));
    expect([trigger?.event_action, resolve?.event_action]).toEqual(["trigger", "resolve"]);
    expect([trigger?.dedup_key, resolve?.dedup_key]).toEqual(["statuswatch:fmt:format", "statuswatch:fmt:format"]);
    expect(trigger?.payload?.summary).toBe("[Format changed] FMT: FMT status page");

    page.setHandler(gone);
    await pollTimes(POLLS);
    const changed = await eventsOf("fmt", ["source_format_changed"]);
    expect(changed).toHaveLength(2);
    expect(changed[1]!.data).toMatchObject({ what: "the page returned 404 for /api/v2/summary.json", kind: "statuspage" });
    expect(await kindsOf("fmt")).not.toContain("source_unreachable");
  });

  it("losing most components over two polls raises one (behind an ETag), a single odd poll does not", async () => {
    page.setHandler(statuspage(page, 8));
    await pollProvider(deps, fmt());
    const before = (await eventsOf("fmt", ["source_format_changed"])).length;

    // One poll with 2 of 8, then the page is whole again: a flicker.
    page.setHandler(statuspage(page, 2));
    await pollProvider(deps, fmt());
    page.setHandler(statuspage(page, 8));
    await pollTimes(2);
    expect(await eventsOf("fmt", ["source_format_changed"])).toHaveLength(before);

    // The same short page, poll after poll: the server would answer 304 to its ETag, so the watch must re-read it in full.
    page.setHandler(statuspage(page, 2));
    await pollTimes(POLLS);
    const changed = await eventsOf("fmt", ["source_format_changed"]);
    expect(changed).toHaveLength(before + 1);
    expect(changed.at(-1)!.data).toMatchObject({
      what: "components 8 → 2",
      suggestion: expect.stringMatching(/^statuspage still fits the page \(2 components/),
    });
  });

  it("a page that moved to another product names the kind that fits now", async () => {
    page.setHandler(statuspage(page, 8));
    await pollProvider(deps, fmt());
    page.setHandler(instatus);
    await pollTimes(3);
    const last = (await eventsOf("fmt", ["source_format_changed"])).at(-1)!;
    expect(last.data).toMatchObject({ what: "the page returned 404 for /api/v2/summary.json", suggestedKind: "instatus" });
    expect((last.data as { suggestion: string }).suggestion).toMatch(/^the page now fits instatus/);
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatSuggestion).toMatch(/^the page now fits instatus/);
  });

  it("the dashboard's source health and the API say so in plain words", async () => {
    const api = await startApi(db.prisma);
    try {
      const json = await api.get("/api/v1/providers/fmt");
      expect(json.body.data.formatChange).toEqual({
        since: expect.any(String),
        what: "the page returned 404 for /api/v2/summary.json",
        suggestion: expect.stringMatching(/^the page now fits instatus/),
      });
      const html = await (await fetch(`${api.url}/providers/fmt`)).text();
      expect(html).toMatch(
        /The status page changed format since \d{4}-\d\d-\d\d \d\d:\d\d UTC: the page returned 404 for \/api\/v2\/summary.json\. It is read as statuspage\. Detection says: the page now fits instatus/,
      );
      expect(await (await fetch(`${api.url}/`)).text()).toContain("⚠ format changed");
    } finally {
      await api.close();
    }
  });
});

describe("following the page to its new kind", () => {
  it("a provider given the kind that fits now starts the watch afresh and reads the page", async () => {
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatChangedSince).not.toBeNull();
    page.setHandler(instatus);
    const moved = entry("fmt", "instatus", page.url);
    await syncCatalog(db.prisma, [moved]);
    expect(await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).toMatchObject({
      formatChangedSince: null,
      formatGoodComponents: null,
      formatChange: null,
      formatSuggestion: null,
    });
    expect((await pollProvider(deps, moved)).result).toBe("updated");
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatGoodComponents).toBeGreaterThan(0);
  });
});

describe("a dead host", () => {
  it("raises source_unreachable, not source_format_changed", async () => {
    const dying = await startServer(gone);
    dying.setHandler(statuspage(dying, 6));
    const dead = entry("dead", "statuspage", dying.url);
    const d = await pollDeps(db.prisma, [fmt(), dead]);
    expect((await pollProvider(d, dead)).result).toBe("updated");
    await dying.close();
    for (let i = 0; i < POLLS; i++) expect((await pollProvider(d, dead)).result).toBe("failed");
    expect(await kindsOf("dead")).toEqual(["source_unreachable"]);
  });
});

describe("delivery", () => {
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let server: Server;
  let dispatcher: Dispatcher | undefined;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    const config = notifyConfig({ webhookAllowlist: [slack.base] });
    const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, mailer: createMailer(config) } });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    dispatcher = new Dispatcher({ prisma: db.prisma, config, log: silentLog, mailer: createMailer(config) });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await slack?.close();
  });

  it("reaches an operator's subscription with the default events, once", async () => {
    const ops = entry("ops", "statuspage", `${page.url}/ops`);
    const d = await pollDeps(db.prisma, [fmt(), ops]);
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ channel: "slack", target: slack.url("ops"), providers: ["ops"] }),
    });
    expect(res.status).toBe(201);
    page.setHandler(jsonRoutes({ "/ops/api/v2/summary.json": summary(5, `${page.url}/ops`) }));
    await pollProvider(d, ops);
    dispatcher!.start();
    page.setHandler(gone);
    for (let i = 0; i < POLLS; i++) await pollProvider(d, ops);

    const hit = await waitFor("Slack message", () => slack.forPath("ops")[0], 8_000);
    expect(hit.body.text).toContain("[Format changed] OPS");
    const blocks = JSON.stringify(hit.body.blocks);
    expect(blocks).toContain("the page returned 404 for /ops/api/v2/summary.json");
    expect(blocks).toContain("Polled as statuspage.");
    await new Promise((r) => setTimeout(r, 500));
    expect(slack.forPath("ops")).toHaveLength(1);
  });
});
