import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

/**
 * Slack, Azure, AWS and GCP name a component only while an event mentions it. When the event
 * leaves the document, the component must not stay broken forever.
 */
const incident = (services: string[]) => ({
  id: "901",
  date_created: "2026-03-02T09:00:00-08:00",
  date_updated: "2026-03-02T09:20:00-08:00",
  title: "Messages are delayed",
  type: "outage",
  status: "active",
  url: "https://slack-status.test/901",
  services,
  notes: [{ date_created: "2026-03-02T09:00:00-08:00", body: "We're looking into delayed messages." }],
});
const current = (active: object[]) => ({
  status: active.length ? "active" : "ok",
  date_created: "2026-03-02T09:00:00-08:00",
  date_updated: "2026-03-02T09:20:00-08:00",
  active_incidents: active,
});

describe("components derived from a source's events", () => {
  let db: TestDatabase;
  let page: TestServer;
  let deps: PollDeps;
  let doc: object = current([]);
  const slack = () => entry("slackish", "slack", `${page.url}/api/v2.0.0/current`);

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer((req, res) => {
      if (req.url !== "/api/v2.0.0/current") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
    });
    deps = await pollDeps(db.prisma, [slack()]);
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  const componentStatuses = async () =>
    Object.fromEntries((await db.prisma.component.findMany({ where: { providerId: "slackish" }, orderBy: { name: "asc" } })).map((c) => [c.name, c.status]));

  it("go back to operational when the event that named them is gone from the document", async () => {
    doc = current([incident(["Messaging", "Calls"])]);
    expect((await pollProvider(deps, slack())).result).toBe("updated");
    expect(await componentStatuses()).toEqual({ Calls: "major_outage", Messaging: "major_outage" });

    // The incident vanishes without a resolved copy (no history endpoint here).
    doc = current([]);
    expect((await pollProvider(deps, slack())).result).toBe("updated");
    expect(await componentStatuses()).toEqual({ Calls: "operational", Messaging: "operational" });
    const recovered = await db.prisma.event.findMany({ where: { providerId: "slackish", kind: "component_status_changed", toStatus: "operational" } });
    expect(recovered.map((e) => e.fromStatus)).toEqual(["major_outage", "major_outage"]);

    // Recovery is recorded once: polling the same document again changes nothing.
    const events = await db.prisma.event.count();
    expect((await pollProvider(deps, slack())).result).toBe("unchanged");
    expect(await db.prisma.event.count()).toBe(events);
  });
});
