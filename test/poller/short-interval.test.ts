import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadCatalog } from "../../src/catalog/load";
import { loadConfig } from "../../src/config";
import { tickFor } from "../../src/poller/tick";
import { startService, type Service } from "../../src/service";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { API_KEY, waitFor } from "../support/notify";
import { entry } from "../support/providers";

describe("a provider with a short poll interval", () => {
  let db: TestDatabase;
  let page: TestServer;
  let service: Service | undefined;
  let dir: string;
  const hits: number[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const routes = jsonRoutes({ "/api/v2/summary.json": { page: { id: "p" }, status: { indicator: "none" }, components: [] } });
    page = await startServer((req, res) => {
      if (req.url === "/api/v2/summary.json") hits.push(Date.now());
      routes(req, res);
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-interval-"));
  });
  afterAll(async () => {
    await service?.stop();
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is accepted from PROVIDERS_FILE and polled at that interval by the running service", async () => {
    const file = path.join(dir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "quick", name: "Quick", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    const catalog = loadCatalog(file, 60);
    expect(catalog.problems).toEqual([]);
    expect(catalog.entries.map((e) => e.pollIntervalSeconds)).toEqual([1]);

    const config = loadConfig({ DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1", PROVIDERS_FILE: file, NOTIFY_ENABLED: "false" });
    service = await startService(config, pino({ level: "silent" }));
    const started = Date.now();
    const end = started + 10_000;
    while (hits.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    // With the default 5 s tick the third poll could not come before 10 s.
    expect(hits[2]! - started).toBeLessThan(8_000);
  }, 20_000);

  it("is polled at its new, shorter interval from the next tick on when lowered at run time", async () => {
    // The tick follows the providers table: an interval lowered through the API is kept without a restart.
    await service?.stop();
    // The first test's provider shares the page: only the one whose interval changes may poll it.
    await db.prisma.provider.delete({ where: { id: "quick" } });
    hits.length = 0;
    const file = path.join(dir, "providers.json");
    // Only a minute-interval provider at start: the tick is sized to 5 s.
    fs.writeFileSync(file, JSON.stringify([{ id: "slow", name: "Slow", kind: "statuspage", url: page.url, pollIntervalSeconds: 60 }]));
    const config = loadConfig({ DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1", PROVIDERS_FILE: file, NOTIFY_ENABLED: "false", API_KEY });
    service = await startService(config, pino({ level: "silent" }));
    await waitFor("the first poll", () => hits.length >= 1, 10_000);

    const res = await fetch(`http://127.0.0.1:${service.port}/api/v1/providers/slow`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ pollIntervalSeconds: 1 }),
    });
    expect(res.status).toBe(200);
    const patched = Date.now();
    await waitFor("five polls at the new interval", () => hits.filter((t) => t > patched).length >= 5, 15_000);
    const after = hits.filter((t) => t > patched);
    const gaps = after.slice(1).map((t, i) => t - after[i]!);
    // Every second, give or take a tick's early margin; a 5 s tick would space them ~5 s apart.
    expect(Math.max(...gaps)).toBeLessThan(2_500);
    expect(after[4]! - patched).toBeLessThan(9_000);
  }, 30_000);

  it("sets the scheduler's tick: 5 s by default, down to 1 s for the shortest interval", () => {
    const withInterval = (s: number) => ({ ...entry("x", "statuspage", "http://x.test"), pollIntervalSeconds: s });
    expect(tickFor([withInterval(60), withInterval(300)])).toBe(5);
    expect(tickFor([withInterval(60), withInterval(2)])).toBe(2);
    expect(tickFor([withInterval(1)])).toBe(1);
    expect(tickFor([])).toBe(5);
  });
});
