import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, waitFor } from "../support/notify";

const INCIDENTS = 1500;
const UPDATES = 4;
const STEPS = ["investigating", "identified", "monitoring", "resolved"];

/** A Statuspage page with a long history: the first sync is one big write. */
function bigPage(baseUrl: string) {
  const page = { id: "big", name: "Big", url: baseUrl, time_zone: "Etc/UTC", updated_at: "2026-11-20T10:00:00.000Z" };
  const components = [{ id: "cmp-api", name: "API", status: "operational", group: false, group_id: null, updated_at: page.updated_at }];
  const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
    const at = (j: number) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000 + j * 600_000).toISOString();
    return {
      id: `inc-${i}`,
      name: `Incident number ${i}`,
      status: "resolved",
      impact: "minor",
      created_at: at(0),
      updated_at: at(UPDATES - 1),
      started_at: at(0),
      resolved_at: at(UPDATES - 1),
      shortlink: `https://stspg.io/${i}`,
      incident_updates: STEPS.slice(0, UPDATES)
        .map((status, j) => ({
          id: `upd-${i}-${j}`,
          status,
          body: `Update ${j} of incident ${i}`,
          created_at: at(j),
          display_at: at(j),
          affected_components: [],
        }))
        .reverse(),
      components: [components[0]],
    };
  });
  return {
    summary: { page, status: { indicator: "none", description: "All Systems Operational" }, components, incidents: [], scheduled_maintenances: [] },
    incidents: { page, incidents },
    maintenances: { page, scheduled_maintenances: [] },
  };
}

/**
 * The real service (a child process) SIGKILLed while it writes a big first sync: after a restart
 * the timeline is whole (every incident with all its updates), nothing is doubled, nothing lost.
 */
describe("SIGKILL in the middle of an ingest", () => {
  let db: TestDatabase;
  let page: TestServer;
  let dir: string;
  let watcher: Client;
  const instances: Instance[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-ingest-"));
    let docs: ReturnType<typeof bigPage> | undefined;
    page = await startServer((req, res) => {
      docs ??= bigPage("https://status.big.test");
      jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents, "/api/v2/scheduled-maintenances.json": docs.maintenances })(
        req,
        res,
      );
    });
    watcher = new Client({ connectionString: db.url });
    await watcher.connect();
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await watcher.end();
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A write by another session of this database (an insert, or the timeline's one statement that
   * writes a poll: WITH … INSERT), or a transaction of its that has written already and is between statements.
   */
  async function writing(): Promise<string | undefined> {
    const { rows } = await watcher.query<{ query: string }>(
      `select state || ': ' || query as query from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and ((state = 'idle in transaction' and backend_xid is not null) or (state = 'active' and query ~* '^\\s*(insert|with)'))`,
    );
    return rows[0]?.query;
  }

  async function consistency() {
    const incidents = await db.prisma.incident.count();
    const updates = await db.prisma.incidentUpdate.count();
    const withoutAll = await watcher.query(
      `select i.id from incidents i left join incident_updates u on u.incident_id = i.id group by i.id having count(u.id) <> ${UPDATES}`,
    );
    const dupEvents = await watcher.query(`select incident_id, kind, to_status from events where incident_id is not null group by 1, 2, 3 having count(*) > 1`);
    const dupKeys = await watcher.query(`select dedupe_key from events group by 1 having count(*) > 1`);
    return { incidents, updates, partial: withoutAll.rowCount, duplicatedEvents: dupEvents.rowCount, duplicatedKeys: dupKeys.rowCount };
  }

  it("leaves no half-written provider state, and the restarted service completes the sync once", async () => {
    const file = path.join(dir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "big", name: "Big", kind: "statuspage", url: page.url, pollIntervalSeconds: 2 }]));
    const env = { DATABASE_URL: db.url, PROVIDERS_FILE: file, API_KEY, NOTIFY_ENABLED: "false", INSTANCE_ID: "ingester", HTTP_TIMEOUT_MS: "15000" };
    const first = await startInstance(env);
    instances.push(first);

    await waitFor("the page read", () => page.requests.some((r) => r.url === "/api/v2/incidents.json"), 30_000);
    const caught = await waitFor("a write in progress", () => writing(), 30_000);
    await first.kill();
    expect(first.child.signalCode).toBe("SIGKILL");
    // Whatever the kill interrupted, what is stored is all of the sync or none of it.
    const afterKill = await consistency();
    console.log(`killed during: ${caught.slice(0, 80)}; stored then: ${JSON.stringify(afterKill)}`);
    expect([0, INCIDENTS]).toContain(afterKill.incidents);
    expect(afterKill).toMatchObject({ updates: afterKill.incidents * UPDATES, partial: 0, duplicatedEvents: 0, duplicatedKeys: 0 });

    const second = await startInstance(env);
    instances.push(second);
    await waitFor("the sync complete", async () => (await db.prisma.provider.findUnique({ where: { id: "big" } }))?.lastSuccessAt, 60_000);
    const polls = () => page.requests.filter((r) => r.url === "/api/v2/summary.json").length;
    const seen = polls();
    await waitFor("two more polls", () => polls() >= seen + 2, 30_000);
    await waitFor("the last poll stored", async () => (await db.prisma.provider.findUniqueOrThrow({ where: { id: "big" } })).consecutiveFailures === 0, 10_000);
    const events = await db.prisma.event.count();
    expect(await consistency()).toEqual({ incidents: INCIDENTS, updates: INCIDENTS * UPDATES, partial: 0, duplicatedEvents: 0, duplicatedKeys: 0 });
    await new Promise((r) => setTimeout(r, 2_500));
    // Polls of an unchanged page add nothing.
    expect(await db.prisma.event.count()).toBe(events);
    expect(second.child.exitCode).toBeNull();
  }, 90_000);
});
