import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma } from "../../src/db/database";
import { statuspageAt } from "../../src/demo/outage-script";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, startSlackStandIn, waitFor } from "../support/notify";
import { freePort, startPostgres, type Postgres } from "../support/own-postgres";

const DOWN_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Postgres away for 30 s under the real service (a child process of src/cli/start.ts), while the
 * status page it polls opens an incident. The process must ride it out: no crash, a bounded
 * number of error lines, /readyz 503 throughout and 200 after, and the transition that happened
 * while the database was away recorded and delivered once when it is back.
 */
describe("Postgres down for 30 s under a running service", () => {
  let dataDir: string;
  let pgPort: number;
  let pg: Postgres | undefined;
  let page: TestServer;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let instance: Instance | undefined;
  let stage = 1;
  const startMs = Date.UTC(2026, 10, 20, 10, 0);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-pgdown-"));
    fs.chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    pg = await startPostgres(dataDir, pgPort);
    slack = await startSlackStandIn();
    page = await startServer((req, res) => {
      const docs = statuspageAt(stage, "https://status.acme.test", startMs, 10 * 60_000);
      jsonRoutes({
        "/api/v2/summary.json": docs.summary,
        "/api/v2/incidents.json": docs.incidents,
        "/api/v2/scheduled-maintenances.json": docs.maintenances,
      })(req, res);
    });
  }, 120_000);
  afterAll(async () => {
    await instance?.kill();
    await pg?.stop();
    await slack?.close();
    await page?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const readyz = async () => (await fetch(`http://127.0.0.1:${instance!.port}/readyz`)).status;
  const tags = () => slack.forPath("oncall").map((p) => /\[([^\]]+)\]/.exec(p.body.text)?.[1]);
  const errorLines = () =>
    instance!
      .logs()
      .split("\n")
      .filter((l) => /^\{.*"level":(50|60)\b/.test(l)).length;

  it("polls fail without crashing, errors stay bounded, /readyz 503 then 200, and the missed transition is delivered once", async () => {
    const file = path.join(dataDir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "acme", name: "Acme", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    instance = await startInstance({
      DATABASE_URL: pg!.url,
      PROVIDERS_FILE: file,
      API_KEY,
      WEBHOOK_ALLOWLIST: slack.base,
      NOTIFY_POLL_MS: "200",
      NOTIFY_RETRY_BASE_MS: "200",
      NOTIFY_RETRY_MAX_MS: "1000",
    });
    let prisma = createPrisma(pg!.url, 2);
    await waitFor("first poll", async () => (await prisma.provider.findUnique({ where: { id: "acme" } }))?.lastSuccessAt, 20_000);
    await prisma.subscription.create({
      data: {
        channel: "slack",
        target: slack.url("oncall"),
        events: ["incident_opened", "incident_status_changed", "incident_resolved"],
        confirmedAt: new Date(),
      },
    });
    await prisma.$disconnect();
    expect(await readyz()).toBe(200);

    const errorsBefore = errorLines();
    const stoppedAt = Date.now();
    await pg!.stop();
    pg = undefined;
    await waitFor("503", async () => (await readyz()) === 503, 15_000);
    // The incident opens on the page while the database is away.
    stage = 2;
    const readies: number[] = [];
    while (Date.now() - stoppedAt < DOWN_MS) {
      readies.push(await readyz());
      await sleep(1_000);
    }
    expect(instance.child.exitCode).toBeNull();
    expect(instance.child.signalCode).toBeNull();
    expect(readies.every((s) => s === 503)).toBe(true);
    const errorsDuring = errorLines() - errorsBefore;
    const warnsDuring = instance
      .logs()
      .split("\n")
      .filter((l) => /^\{.*"level":40\b/.test(l)).length;
    expect(slack.posts).toHaveLength(0);

    pg = await startPostgres(dataDir, pgPort);
    await waitFor("200 again", async () => (await readyz()) === 200, 30_000);
    await waitFor("Investigating delivered", () => tags().includes("Investigating"), 30_000);
    await sleep(2_000);
    expect(tags()).toEqual(["Investigating"]);

    prisma = createPrisma(pg.url, 2);
    try {
      const opened = await prisma.event.findMany({ where: { kind: "incident_opened" } });
      expect(opened).toHaveLength(1);
      expect(await prisma.delivery.count({ where: { status: "sent" } })).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
    // No error storm: at most about one error line every two seconds of outage, all loops together.
    console.log(`error-level log lines during ${DOWN_MS / 1000} s of Postgres down: ${errorsDuring} (warn: ${warnsDuring})`);
    expect(errorsDuring).toBeLessThanOrEqual(DOWN_MS / 2_000);
  }, 120_000);
});
