import pino from "pino";
import { type FailoverRefreshOptions, scheduleFailoverRefresh } from "../../jobs/failover-refresh";
import type { Schedule } from "../../jobs/poll-schedule";
import { statuspageAt } from "../../src/demo/outage-script";
import { FailoverState } from "../../src/failover/state";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import type { ProviderEntry } from "../../src/sources/types";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { pollDeps } from "../support/providers";
import { type Route, serve } from "../sources/local-server";

const log = pino({ level: "silent" });
const T0 = Date.parse("2026-12-01T10:00:00Z");

/**
 * Three instances on one database, each with its own in-memory state: one woken by LISTEN/NOTIFY
 * (periodic refresh set far away, so only the notification can explain a quick change), one with
 * only the periodic refresh, one with no refresher at all (each request refreshes a state older
 * than refreshMs). An incident opened by a real poll of a local Statuspage page must reach each
 * one's answer within its documented staleness.
 */
describe("the failover answer follows the database within the documented staleness", () => {
  let db: TestDatabase;
  let page: Awaited<ReturnType<typeof serve>>;
  const routes: Record<string, Route> = {};
  let deps: PollDeps;
  let sim: ProviderEntry;
  const instances: Array<{ name: string; api: TestApi; boundMs: number; schedule?: Schedule }> = [];

  function serveStage(stage: number) {
    const docs = statuspageAt(stage, page.base, T0, 60_000);
    const json = (body: object): Route => ({ body: JSON.stringify(body), contentType: "application/json" });
    routes["/api/v2/summary.json"] = json(docs.summary);
    routes["/api/v2/incidents.json"] = json(docs.incidents);
    routes["/api/v2/scheduled-maintenances.json"] = json(docs.maintenances);
  }

  async function instance(name: string, refreshMs: number, refresher?: Omit<FailoverRefreshOptions, "refreshMs" | "log">) {
    const state = new FailoverState(db.prisma, { refreshMs, uptimeRefreshMs: 60_000, log });
    const schedule = refresher ? await scheduleFailoverRefresh(state, { refreshMs, log, ...refresher }) : undefined;
    const boundMs = refresher?.listenUrl ? 1000 : refreshMs;
    instances.push({ name, api: await startApi(db.prisma, { failover: state }), boundMs, schedule });
  }

  /** Asks every 20 ms until the advice is `want`; how long that took (bounded). */
  async function untilAdvice(api: TestApi, want: string, limitMs: number): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < limitMs) {
      const res = await api.get("/api/v1/failover?for=sim");
      expect(res.status).toBe(200);
      if (res.body.data.advice === want) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    return Number.POSITIVE_INFINITY;
  }

  beforeAll(async () => {
    db = await freshDatabase();
    page = await serve(routes);
    serveStage(0);
    sim = { id: "sim", name: "Simulated Anthropic", kind: "statuspage", url: page.base, pollIntervalSeconds: 60, options: {}, capabilities: ["llm-api"] };
    const backup: ProviderEntry = { ...sim, id: "backup", name: "Backup LLM", url: `${page.base}/backup` };
    deps = await pollDeps(db.prisma, [sim, backup]);
    await db.prisma.provider.update({ where: { id: "backup" }, data: { lastSuccessAt: new Date(), status: "operational" } });
    expect((await pollProvider(deps, sim)).result).toBe("updated");
    await instance("LISTEN/NOTIFY", 60_000, { listenUrl: db.url });
    await instance("periodic refresh only", 1000, {});
    await instance("refreshed by requests", 500);
  }, 60_000);
  afterAll(async () => {
    for (const i of instances) {
      await i.schedule?.stop();
      await i.api.close();
    }
    await page?.close();
    await db?.drop();
  });

  it("an incident opened through a real poll turns stay into failover, and its resolution back", async () => {
    for (const i of instances) expect([i.name, await untilAdvice(i.api, "stay", 100)]).toEqual([i.name, expect.any(Number)]);

    serveStage(2); // incident opened: Investigating, impact major
    expect((await pollProvider(deps, sim)).result).toBe("updated");
    const opened = await Promise.all(instances.map(async (i) => [i.name, await untilAdvice(i.api, "failover", i.boundMs + 1500)] as const));
    for (const [name, ms] of opened) {
      const bound = instances.find((i) => i.name === name)!.boundMs;
      // The bound plus the time one refresh (three reads) takes on a loaded machine.
      expect([name, ms <= bound + 1000]).toEqual([name, true]);
    }
    const res = await instances[0]!.api.get("/api/v1/failover?for=sim");
    expect(res.body.data.subject.reasons[0]).toBe("open major incident: Elevated errors on Claude API");
    expect(res.body.data.alternatives.map((a: { id: string; healthy: boolean }) => [a.id, a.healthy])).toEqual([["backup", true]]);

    serveStage(5); // resolved
    expect((await pollProvider(deps, sim)).result).toBe("updated");
    for (const i of instances) expect([i.name, (await untilAdvice(i.api, "stay", i.boundMs + 1500)) <= i.boundMs + 1000]).toEqual([i.name, true]);
  }, 60_000);
});
