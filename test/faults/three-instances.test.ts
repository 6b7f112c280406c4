import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { statuspageAt } from "../../src/demo/outage-script";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startServer, jsonRoutes, type TestServer } from "../support/http-server";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, startSlackStandIn, waitFor } from "../support/notify";

/**
 * Three real services (child processes) on one database: they share the polling, deliver each
 * alert once, and carry on when one of them is SIGKILLed in the middle of an incident.
 */
describe("three instances on one database", () => {
  let db: TestDatabase;
  let page: TestServer;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let dir: string;
  const instances: Instance[] = [];
  let stage = 0;
  const startMs = Date.UTC(2026, 10, 20, 10, 0);

  beforeAll(async () => {
    db = await freshDatabase();
    slack = await startSlackStandIn();
    page = await startServer((req, res) => {
      const docs = statuspageAt(stage, "https://status.acme.test", startMs, 10 * 60_000);
      jsonRoutes({
        "/acme/api/v2/summary.json": docs.summary,
        "/acme/api/v2/incidents.json": docs.incidents,
        "/acme/api/v2/scheduled-maintenances.json": docs.maintenances,
        "/quiet/api/v2/summary.json": { page: { id: "q" }, status: { indicator: "none" }, components: [] },
      })(req, res);
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-three-"));
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await slack.close();
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const summaries = (id: string) => page.requests.filter((r) => r.url === `/${id}/api/v2/summary.json`).length;
  const tags = () => slack.forPath("oncall").map((p) => /\[([^\]]+)\]/.exec(p.body.text)?.[1]);
  const countOver = async (id: string, ms: number) => {
    const before = summaries(id);
    await new Promise((r) => setTimeout(r, ms));
    return summaries(id) - before;
  };

  it("poll each provider about once per interval in total, send each transition once, and carry on when one is killed", async () => {
    const file = path.join(dir, "providers.json");
    fs.writeFileSync(
      file,
      JSON.stringify([
        { id: "acme", name: "Acme", kind: "statuspage", url: `${page.url}/acme`, pollIntervalSeconds: 2 },
        { id: "quiet", name: "Quiet", kind: "statuspage", url: `${page.url}/quiet`, pollIntervalSeconds: 2 },
      ]),
    );
    const env = (n: number) => ({
      DATABASE_URL: db.url,
      PROVIDERS_FILE: file,
      INSTANCE_ID: `instance-${n}`,
      API_KEY,
      WEBHOOK_ALLOWLIST: slack.base,
      NOTIFY_POLL_MS: "200",
      LOG_LEVEL: "warn",
    });
    // "listening" is logged at info: start at info, the rest of the log is not read.
    instances.push(...(await Promise.all([1, 2, 3].map((n) => startInstance({ ...env(n), LOG_LEVEL: "info" })))));

    // First sight of the page is backfill; subscribe once it has been read.
    await waitFor("first poll", async () => (await db.prisma.provider.findUnique({ where: { id: "acme" } }))?.lastSuccessAt, 20_000);
    await db.prisma.subscription.create({
      data: {
        channel: "slack",
        target: slack.url("oncall"),
        events: ["incident_opened", "incident_status_changed", "incident_resolved"],
        confirmedAt: new Date(),
      },
    });

    // 10 s at a 2 s interval: about 5 polls of a provider in total, not 15.
    const polls = await countOver("quiet", 10_000);
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(7);
    const owners = new Set((await db.prisma.provider.findMany({ select: { leaseOwner: true } })).map((p) => p.leaseOwner));
    expect([...owners].every((o) => /^instance-[123]$/.test(o ?? ""))).toBe(true);

    stage = 2;
    await waitFor("Investigating", () => tags().includes("Investigating"), 20_000);
    stage = 3;
    await waitFor("Identified", () => tags().includes("Identified"), 20_000);
    await instances[0]!.kill();
    stage = 4;
    await waitFor("Monitoring", () => tags().includes("Monitoring"), 20_000);
    stage = 5;
    await waitFor("Resolved", () => tags().includes("Resolved"), 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(tags()).toEqual(["Investigating", "Identified", "Monitoring", "Resolved"]);

    // The two survivors keep polling at the same total rate.
    const after = await countOver("quiet", 6_000);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(after).toBeLessThanOrEqual(5);
  }, 200_000);
});
