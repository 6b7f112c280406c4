import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createApi } from "../../src/api/app";
import { builtinCatalog } from "../../src/catalog/pick-list";
import { syncCatalog } from "../../src/catalog/sync";
import { SignalPoller } from "../../src/outages/signal-poller";
import { claimDueProviders } from "../../src/poller/claim";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startServer, type TestServer } from "../support/http-server";
import { API_KEY, incident, minute, notifyConfig, seedProvider, silentLog, snapshot } from "../support/notify";
import { entry, testHttp } from "../support/providers";

let db: TestDatabase;
let api: Server;
let base: string;
let crowd: TestServer;
// Ids taken from the catalog itself, which grows and changes: none is assumed to have a given kind.
const entries = builtinCatalog(60).entries;
const withSla = entries.find((e) => e.sla)!;
const [first, second, third] = entries.filter((e) => !e.sla);

async function call(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(auth ? { authorization: `Bearer ${API_KEY}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  db = await freshDatabase();
  crowd = await startServer(
    (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([{ at: new Date().toISOString(), reports: 1 }])),
  );
  // PROVIDERS_FILE lists "from-file".
  await syncCatalog(db.prisma, [entry("from-file", "statuspage", "https://file.test")]);
  const app = createApi({
    prisma: db.prisma,
    log: silentLog,
    notify: { apiKey: API_KEY, config: notifyConfig({}) },
    watch: { catalog: () => builtinCatalog(60).entries, fileIds: new Set(["from-file"]) },
  });
  api = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  api.closeAllConnections();
  await new Promise((r) => api.close(r));
  await crowd.close();
  await db.drop();
});

describe("GET /api/v1/catalog", () => {
  it("lists the whole built-in catalog by name, each entry saying whether it is watched", async () => {
    await call("POST", "/api/v1/providers", { catalogId: withSla.id });
    const res = await call("GET", "/api/v1/catalog");
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(builtinCatalog(60).entries.length);
    expect(res.body.data).toHaveLength(res.body.total);
    const names = res.body.data.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" })));
    expect(res.body.data.find((e: { id: string }) => e.id === withSla.id)).toEqual({
      id: withSla.id,
      name: withSla.name,
      kind: withSla.kind,
      url: withSla.url,
      category: withSla.category ?? null,
      capabilities: withSla.capabilities ?? [],
      sla: { monthlyPercent: withSla.sla!.monthlyPercent, source: withSla.sla!.source },
      watched: true,
    });
    expect(res.body.data.find((e: { id: string }) => e.id === first!.id)).toMatchObject({ watched: false, sla: null, capabilities: expect.any(Array) });
  });

  it("filters by category, capability and words", async () => {
    const ai = await call("GET", "/api/v1/catalog?category=ai");
    expect(ai.body.data.length).toBeGreaterThan(3);
    expect(ai.body.data.every((e: { category: string }) => e.category === "ai")).toBe(true);
    const found = await call("GET", "/api/v1/catalog?q=ANTHROPIC");
    expect(found.body.data.map((e: { id: string }) => e.id)).toContain("anthropic");
    expect(found.body.data.length).toBeLessThan(entries.length);
    const capability = builtinCatalog(60).entries.find((e) => e.capabilities?.length)?.capabilities?.[0];
    if (capability) {
      const byCap = await call("GET", `/api/v1/catalog?capability=${capability}`);
      expect(byCap.body.data.length).toBeGreaterThan(0);
      expect(byCap.body.data.every((e: { capabilities: string[] }) => e.capabilities.includes(capability))).toBe(true);
    }
    for (const bad of ["category=nonsense", "capability=Not%20One", "colour=red"]) {
      const res = await call("GET", `/api/v1/catalog?${bad}`);
      expect([res.status, res.type]).toEqual([400, expect.stringContaining("application/problem+json")]);
    }
  });
});

describe("picking from the catalog: POST /api/v1/providers { catalogId }", () => {
  it("starts watching the entry at once (due now), with its catalog fields, and refuses twice, unknown ids and no key", async () => {
    const res = await call("POST", "/api/v1/providers", { catalogId: first!.id, pollIntervalSeconds: 120 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: first!.id,
      kind: first!.kind,
      url: first!.url,
      enabled: true,
      origin: "catalog",
      pollIntervalSeconds: 120,
      restored: false,
    });
    const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: first!.id } });
    expect(row.nextPollAt.getTime()).toBeLessThanOrEqual(Date.now());

    expect((await call("POST", "/api/v1/providers", { catalogId: first!.id })).status).toBe(409);
    const unknown = await call("POST", "/api/v1/providers", { catalogId: "no-such-provider" });
    expect([unknown.status, unknown.body.detail]).toEqual([400, expect.stringContaining("no catalog entry no-such-provider")]);
    expect((await call("POST", "/api/v1/providers", { catalogId: "Bad Id" })).status).toBe(400);
    expect((await call("POST", "/api/v1/providers", { catalogId: third!.id }, false)).status).toBe(401);
    expect(await db.prisma.provider.count({ where: { id: third!.id } })).toBe(0);
  });
});

describe("PATCH /api/v1/providers/:id", () => {
  it("changes what a user may change, each field checked, and the scheduler sees it at its next claim", async () => {
    await call("POST", "/api/v1/providers", { catalogId: second!.id });
    await db.prisma.provider.update({ where: { id: second!.id }, data: { nextPollAt: new Date(Date.now() + 3_600_000), lastPolledAt: new Date() } });
    const sla = { monthlyPercent: 99.9, credits: [{ below: 99.9, creditPercent: 10 }], source: "https://contracts.example/bitbucket" };
    const res = await call("PATCH", `/api/v1/providers/${second!.id}`, { name: "Our Bitbucket", category: "ci-cd", pollIntervalSeconds: 30, sla });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: second!.id, name: "Our Bitbucket", category: "ci-cd", pollIntervalSeconds: 30, sla });
    // A shorter interval counts from the last poll, not from the old due time an hour away.
    const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: second!.id } });
    expect(row.nextPollAt.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);

    const paused = await call("PATCH", `/api/v1/providers/${second!.id}`, { enabled: false });
    expect(paused.body.data.enabled).toBe(false);
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(0), leaseExpiresAt: null } });
    const claimed = await claimDueProviders(db.prisma, "t", 100, []);
    expect(claimed.map((c) => c.id)).not.toContain(second!.id);
    // Paused ones are listed only when asked for.
    expect((await call("GET", "/api/v1/providers")).body.data.map((p: { id: string }) => p.id)).not.toContain(second!.id);
    expect((await call("GET", "/api/v1/providers?enabled=false")).body.data.map((p: { id: string }) => p.id)).toEqual([second!.id]);
    expect((await call("GET", `/api/v1/providers/${second!.id}`)).body.data.enabled).toBe(false);

    await db.prisma.provider.update({ where: { id: second!.id }, data: { nextPollAt: new Date(Date.now() + 3_600_000) } });
    await call("PATCH", `/api/v1/providers/${second!.id}`, { enabled: true });
    expect((await claimDueProviders(db.prisma, "t", 100, [])).map((c) => c.id)).toContain(second!.id);

    expect((await call("PATCH", `/api/v1/providers/${second!.id}`, { sla: null })).body.data.sla).toBeNull();
    for (const bad of [
      {},
      { enabled: "yes" },
      { pollIntervalSeconds: 0 },
      { name: " " },
      { category: "toys" },
      { sla: { monthlyPercent: 101 } },
      { kind: "feed" },
    ]) {
      const r = await call("PATCH", `/api/v1/providers/${second!.id}`, bad);
      expect({ bad, status: r.status, type: r.type }).toEqual({ bad, status: 400, type: expect.stringContaining("application/problem+json") });
    }
    expect((await call("PATCH", "/api/v1/providers/nope", { enabled: false })).status).toBe(404);
    expect((await call("PATCH", `/api/v1/providers/${second!.id}`, { enabled: false }, false)).status).toBe(401);
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: second!.id } })).name).toBe("Our Bitbucket");
  });

  it("replaces the provider's signals (checked by their kinds), which are polled only while the provider is watched", async () => {
    await seedProvider(db.prisma, "signalled", "Signalled");
    const badKind = await call("PATCH", "/api/v1/providers/signalled", { signals: [{ kind: "tea-leaves", url: "https://x.test" }] });
    expect([badKind.status, badKind.body["invalid-params"]]).toEqual([400, [{ name: "signals.0.kind", reason: expect.stringContaining("tea-leaves") }]]);
    const badOptions = await call("PATCH", "/api/v1/providers/signalled", {
      signals: [{ kind: "probe", url: "https://x.test", options: { attempts: "many" } }],
    });
    expect(badOptions.status).toBe(400);
    expect(await db.prisma.signalSource.count({ where: { providerId: "signalled" } })).toBe(0);

    const ok = await call("PATCH", "/api/v1/providers/signalled", { signals: [{ kind: "reports-json", url: `${crowd.url}/series` }] });
    expect(ok.status).toBe(200);
    const poller = new SignalPoller({ prisma: db.prisma, http: testHttp({ allowlist: [`${crowd.url}/`] }), log: pino({ level: "silent" }) });
    expect(await poller.tick()).toMatchObject([{ providerId: "signalled", result: "stored" }]);

    await db.prisma.signalSource.updateMany({ data: { nextPollAt: new Date(0) } });
    await call("PATCH", "/api/v1/providers/signalled", { enabled: false });
    expect(await poller.tick()).toEqual([]);
    await call("PATCH", "/api/v1/providers/signalled", { enabled: true });
    expect(await poller.tick()).toMatchObject([{ providerId: "signalled" }]);

    await call("PATCH", "/api/v1/providers/signalled", { signals: [] });
    await db.prisma.signalSource.updateMany({ data: { nextPollAt: new Date(0) } });
    expect(await poller.tick()).toEqual([]);
    // The series stays, disabled, for when it is listed again.
    expect(await db.prisma.signalPoint.count()).toBeGreaterThan(0);
  });
});

describe("DELETE /api/v1/providers/:id", () => {
  const timeline = (id: string) =>
    Promise.all([
      db.prisma.incident.count({ where: { providerId: id } }),
      db.prisma.event.count({ where: { providerId: id } }),
      db.prisma.component.count({ where: { providerId: id } }),
    ]);

  async function withHistory(id: string) {
    await seedProvider(db.prisma, id, id);
    await ingestSnapshot(db.prisma, id, snapshot({}), {}, minute(0));
    await ingestSnapshot(db.prisma, id, snapshot({ incidents: [incident("investigating", 10)] }), {}, minute(10));
    const [incidents, events, components] = await timeline(id);
    expect(incidents).toBe(1);
    expect(events).toBeGreaterThan(0);
    expect(components).toBe(2);
  }

  it("removes a provider from watching and listing but keeps its history; the catalog can bring it back", async () => {
    await withHistory("keep");
    const before = await timeline("keep");
    const res = await call("DELETE", "/api/v1/providers/keep");
    expect([res.status, res.body]).toEqual([204, undefined]);
    expect((await call("GET", "/api/v1/providers/keep")).status).toBe(404);
    expect((await call("GET", "/api/v1/providers/keep/uptime")).status).toBe(404);
    for (const q of ["", "?enabled=false", "?enabled=any"])
      expect((await call("GET", `/api/v1/providers${q}`)).body.data.map((p: { id: string }) => p.id)).not.toContain("keep");
    expect(await timeline("keep")).toEqual(before);
    expect((await call("GET", "/api/v1/incidents?provider=keep")).body.data).toHaveLength(1);
    await db.prisma.provider.updateMany({ data: { nextPollAt: new Date(0), leaseExpiresAt: null } });
    expect((await claimDueProviders(db.prisma, "t", 100, [])).map((c) => c.id)).not.toContain("keep");
    expect((await call("DELETE", "/api/v1/providers/keep")).status).toBe(404);
    expect((await call("PATCH", "/api/v1/providers/keep", { enabled: true })).status).toBe(404);

    // Removed, then picked again from the catalog: watched again with the history it had.
    await call("POST", "/api/v1/providers", { catalogId: first!.id }).catch(() => undefined);
    await call("DELETE", `/api/v1/providers/${first!.id}`);
    const back = await call("POST", "/api/v1/providers", { catalogId: first!.id });
    expect([back.status, back.body.data.restored, back.body.data.enabled]).toEqual([200, true, true]);
  });

  it("?purge=true removes the provider and its whole timeline, also after a plain removal", async () => {
    await withHistory("purged");
    expect((await call("DELETE", "/api/v1/providers/purged?purge=true")).status).toBe(204);
    expect(await timeline("purged")).toEqual([0, 0, 0]);
    expect(await db.prisma.provider.count({ where: { id: "purged" } })).toBe(0);

    await withHistory("later");
    await call("DELETE", "/api/v1/providers/later");
    expect((await call("DELETE", "/api/v1/providers/later?purge=true")).status).toBe(204);
    expect(await timeline("later")).toEqual([0, 0, 0]);
    expect((await call("DELETE", "/api/v1/providers/later?purge=true")).status).toBe(404);
  });

  it("refuses a provider PROVIDERS_FILE lists (409), a bad query (400) and no key (401)", async () => {
    const fromFile = await call("DELETE", "/api/v1/providers/from-file");
    expect([fromFile.status, fromFile.body.detail]).toEqual([409, expect.stringContaining("PROVIDERS_FILE")]);
    expect((await call("DELETE", "/api/v1/providers/from-file?purge=maybe")).status).toBe(400);
    expect((await call("DELETE", "/api/v1/providers/from-file", undefined, false)).status).toBe(401);
    expect(await db.prisma.provider.count({ where: { id: "from-file", deletedAt: null } })).toBe(1);
  });
});
