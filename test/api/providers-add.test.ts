import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { pollProvider } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, silentLog } from "../support/notify";
import { testHttp } from "../support/providers";
import { serve } from "../sources/local-server";
import { PAGES } from "../sources/detect/pages";

type Page = Awaited<ReturnType<typeof serve>>;
let db: TestDatabase;
let api: Server;
let base: string;
const pages: Record<string, Page> = {};
let blog: Page;
let notAllowed: Page;

const post = async (body: unknown, auth = true) => {
  const res = await fetch(`${base}/api/v1/providers`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${API_KEY}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : undefined };
};

beforeAll(async () => {
  db = await freshDatabase();
  for (const [kind, page] of Object.entries(PAGES)) pages[kind] = await serve(page.routes);
  blog = await serve({ "/": { body: "<html><head><title>Blog</title></head><body>No status here</body></html>", contentType: "text/html" } });
  notAllowed = await serve(PAGES.statuspage!.routes);
  const allowlist = [...Object.values(pages), blog].map((p) => `${p.base}/`);
  const statusioApiBase = pages.statusio!.base;
  const app = createApi({
    prisma: db.prisma,
    log: silentLog,
    notify: { apiKey: API_KEY, config: notifyConfig({}) },
    sources: {
      http: { timeoutMs: 2000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 10, userAgent: "statuswatch-test", allowlist },
      pollIntervalSeconds: 120,
      statusioApiBase,
    },
  });
  api = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  api.closeAllConnections();
  await new Promise((r) => api.close(r));
  for (const p of [...Object.values(pages), blog, notAllowed]) await p.close();
  await db.drop();
});

describe("POST /api/v1/providers", () => {
  it.each(Object.keys(PAGES))("stores a local %s page with the detected kind and its first poll", async (kind) => {
    const url = pages[kind]!.base + PAGES[kind]!.path;
    const res = await post({ url, id: `local-${kind}`, name: `Local ${kind}`, category: "other" });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: `local-${kind}`,
      kind,
      name: `Local ${kind}`,
      category: "other",
      pollIntervalSeconds: 120,
      enabled: true,
      origin: "api",
    });
    expect(res.body.data.detection.evidence.length).toBeGreaterThan(10);
    const stored = await db.prisma.provider.findUniqueOrThrow({ where: { id: `local-${kind}` } });
    expect(stored.kind).toBe(kind);
    const [incidents, components] = await Promise.all([
      db.prisma.incident.count({ where: { providerId: stored.id } }),
      db.prisma.component.count({ where: { providerId: stored.id } }),
    ]);
    expect(incidents).toBe(res.body.data.firstPoll.incidents);
    expect(components).toBe(res.body.data.firstPoll.components);
    expect(incidents + components).toBeGreaterThan(0);
  });

  it("stores a status.io page under its API URL, which carries the page id", async () => {
    const stored = await db.prisma.provider.findUniqueOrThrow({ where: { id: "local-statusio" } });
    expect(stored.url).toBe(`${pages.statusio!.base}/1.0/status/5b36dc6502d06804c08349f7`);
  });

  it.each(Object.keys(PAGES))("polls the stored %s row again as the scheduler will, with nothing new", async (kind) => {
    const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: `local-${kind}` } });
    const entry = { id: row.id, name: row.name, kind: row.kind, url: row.url, pollIntervalSeconds: row.pollIntervalSeconds, options: {} };
    const outcome = await pollProvider({ prisma: db.prisma, http: testHttp(), failureThreshold: 3, log: silentLog }, entry);
    expect(outcome).toMatchObject({ result: "unchanged", events: 0 });
  });

  it("answers 422 problem+json naming what was tried for an HTML page with no status data, storing nothing", async () => {
    const before = await db.prisma.provider.count();
    const res = await post({ url: blog.base, id: "blog" });
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.title).toBe("No known status-page kind fits");
    expect(new Set(res.body.tried.map((t: { kind: string }) => t.kind))).toEqual(
      new Set(["page", "incidentio", "statuspage", "instatus", "betterstack", "cachet", "openstatus", "statusio", "feed"]),
    );
    expect(await db.prisma.provider.count()).toBe(before);
  });

  it.each([
    ["a loopback page not under SOURCE_ALLOWLIST", () => notAllowed.base],
    ["the metadata address", () => "http://169.254.169.254/latest/meta-data"],
    ["a private address", () => "http://10.0.0.8/status"],
  ])("refuses %s with 422, calling nothing", async (_what, url) => {
    const res = await post({ url: url() });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe("URL refused");
    expect(res.body.detail).toMatch(/refused/);
    expect(notAllowed.hits).toEqual([]);
  });

  it("needs the API key", async () => {
    const res = await post({ url: pages.cachet!.base }, false);
    expect(res.status).toBe(401);
  });

  it.each([
    ["no url", { name: "x" }, "url"],
    ["an unknown field", { url: "https://x.test", colour: "red" }, "colour"],
    ["a bad id", { url: "https://x.test", id: "Has Spaces" }, "id"],
    ["an unknown category", { url: "https://x.test", category: "food" }, "category"],
  ])("answers 400 for %s", async (_what, body, param) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body["invalid-params"].map((p: { name: string }) => p.name)).toContain(param);
  });

  it("answers 409 for an id already taken, and derives an id from the host when none is given", async () => {
    const first = await post({ url: pages.betterstack!.base });
    expect(first.status).toBe(201);
    expect(first.body.data.id).toBe("127-0-0-1");
    const again = await post({ url: pages.betterstack!.base });
    expect(again.status).toBe(409);
  });
});
