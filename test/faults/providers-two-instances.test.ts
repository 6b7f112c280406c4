import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, waitFor } from "../support/notify";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));

/**
 * Two real services (child processes) on one database: a provider added, paused and deleted through
 * either one's API is polled, stops being polled and is gone on both, with no restart; a restart
 * keeps what the API added.
 */
describe("providers managed through the API on two running instances", () => {
  let db: TestDatabase;
  let page: TestServer;
  let dir: string;
  let env: (n: number) => Record<string, string>;
  const instances: Instance[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const docs: Record<string, unknown> = {};
    for (const id of ["anchor", "added", "keeper"]) {
      docs[`/${id}/api/v2/summary.json`] = fixture("acme-summary.json");
      docs[`/${id}/api/v2/incidents.json`] = fixture("acme-incidents.json");
    }
    page = await startServer(jsonRoutes(docs));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-two-"));
    const file = path.join(dir, "providers.json");
    // The file's provider polls every second, so both schedulers tick every second.
    fs.writeFileSync(file, JSON.stringify([{ id: "anchor", name: "Anchor", kind: "statuspage", url: `${page.url}/anchor`, pollIntervalSeconds: 1 }]));
    env = (n) => ({
      DATABASE_URL: db.url,
      PROVIDERS_FILE: file,
      INSTANCE_ID: `instance-${n}`,
      API_KEY,
      SOURCE_ALLOWLIST: `${page.url}/`,
      POLL_INTERVAL_SECONDS: "1",
      POLLING_ENABLED: "true",
      LOG_LEVEL: "info",
    });
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const polls = (id: string) => page.requests.filter((r) => r.url === `/${id}/api/v2/summary.json`).length;
  const pollsOver = async (id: string, ms: number) => {
    const before = polls(id);
    await new Promise((r) => setTimeout(r, ms));
    return polls(id) - before;
  };
  async function call(i: Instance, method: string, p: string, body?: unknown) {
    const res = await fetch(`http://127.0.0.1:${i.port}${p}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const ids = async (i: Instance) => ((await call(i, "GET", "/api/v1/providers")).body.data as { id: string }[]).map((p) => p.id).sort();

  it("add, pause, resume and delete take effect on both instances at their next tick", async () => {
    instances.push(...(await Promise.all([1, 2].map((n) => startInstance(env(n))))));
    const [a, b] = instances as [Instance, Instance];
    await waitFor("the file's provider is polled", () => polls("anchor") >= 2, 20_000);
    // A fresh install with PROVIDERS_FILE watches the file, not the default set.
    expect(await ids(a)).toEqual(["anchor"]);

    const added = await call(a, "POST", "/api/v1/providers", { url: `${page.url}/added`, id: "added", name: "Added" });
    expect([added.status, added.body.data?.kind]).toEqual([201, "statuspage"]);
    const firstPoll = polls("added");
    await waitFor("the added provider is polled by the schedulers", () => polls("added") >= firstPoll + 3, 20_000);
    expect(await ids(b)).toEqual(["added", "anchor"]);

    expect((await call(b, "PATCH", "/api/v1/providers/added", { enabled: false })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500)); // a poll in flight may finish
    expect(await pollsOver("added", 4_000)).toBe(0);
    expect((await call(a, "GET", "/api/v1/providers/added")).body.data.enabled).toBe(false);
    expect(await ids(a)).toEqual(["anchor"]);

    expect((await call(a, "PATCH", "/api/v1/providers/added", { enabled: true })).status).toBe(200);
    const resumed = polls("added");
    await waitFor("polled again after resuming", () => polls("added") >= resumed + 2, 15_000);

    expect((await call(b, "DELETE", "/api/v1/providers/added")).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await pollsOver("added", 4_000)).toBe(0);
    for (const i of [a, b]) {
      expect((await call(i, "GET", "/api/v1/providers/added")).status).toBe(404);
      expect(await ids(i)).toEqual(["anchor"]);
    }
    // The anchor kept being polled all along: the schedulers never stopped.
    expect(await pollsOver("anchor", 3_000)).toBeGreaterThanOrEqual(2);
    // Its history stays.
    expect(await db.prisma.incident.count({ where: { providerId: "added" } })).toBeGreaterThan(0);
  }, 200_000);

  it("a restart keeps what the API added, and does not bring back what it deleted", async () => {
    const [a] = instances as [Instance, Instance];
    const keeper = await call(a, "POST", "/api/v1/providers", { url: `${page.url}/keeper`, id: "keeper" });
    expect(keeper.status).toBe(201);
    await Promise.all(instances.splice(0).map((i) => i.stop()));

    const restarted = await startInstance(env(3));
    instances.push(restarted);
    expect(await ids(restarted)).toEqual(["anchor", "keeper"]);
    const before = polls("keeper");
    await waitFor("the API-added provider is still polled after the restart", () => polls("keeper") >= before + 2, 20_000);
    expect(await db.prisma.provider.findUniqueOrThrow({ where: { id: "keeper" } })).toMatchObject({ enabled: true, origin: "api", deletedAt: null });
    expect(await db.prisma.provider.findUniqueOrThrow({ where: { id: "added" } })).toMatchObject({ enabled: false, deletedAt: expect.any(Date) });
  }, 200_000);
});
