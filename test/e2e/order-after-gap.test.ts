import { statuspageAt } from "../../src/demo/outage-script";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { DEFAULT_EVENT_KINDS } from "../../src/notify/fanout";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { notifyConfig, silentLog, startSlackStandIn, waitFor } from "../support/notify";
import { entry, pollDeps } from "../support/providers";

const T0 = Date.parse("2026-05-01T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** Polling resumes after a gap: one poll sees an incident open, get identified, and then the web app degrade. */
describe("events of one poll after a gap", () => {
  let db: TestDatabase;
  let page: TestServer;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let dispatcher: Dispatcher;
  let deps: PollDeps;
  const sim = () => entry("sim", "statuspage", page.url);

  beforeAll(async () => {
    db = await freshDatabase();
    slack = await startSlackStandIn();
    page = await startServer((_q, r) => void r.writeHead(503).end());
    deps = await pollDeps(db.prisma, [sim()]);
    await db.prisma.subscription.create({ data: { channel: "slack", target: slack.url("all"), events: [...DEFAULT_EVENT_KINDS], confirmedAt: new Date() } });
    const config = notifyConfig({ webhookAllowlist: [slack.base] });
    dispatcher = new Dispatcher({ prisma: db.prisma, config, log: silentLog, mailer: createMailer(config) });
    dispatcher.start();
  });
  afterAll(async () => {
    await dispatcher.stop();
    await slack.close();
    await page.close();
    await db.drop();
  });

  it("are written and delivered in the order they happened", async () => {
    const serve = (docs: ReturnType<typeof statuspageAt>) =>
      page.setHandler(
        jsonRoutes({
          "/api/v2/summary.json": docs.summary,
          "/api/v2/incidents.json": docs.incidents,
          "/api/v2/scheduled-maintenances.json": docs.maintenances,
        }),
      );
    serve(statuspageAt(0, page.url, T0, 60_000));
    expect((await pollProvider(deps, sim())).result).toBe("updated"); // first sight: backfill

    // The gap: stages 2 and 3 pass unseen, then the web app (not named by the incident) degrades at 3:30.
    const later = statuspageAt(3, page.url, T0, 60_000);
    const web = (later.summary as { components: { id: string; status: string; updated_at: string }[] }).components.find((c) => c.id === "cmp-web")!;
    Object.assign(web, { status: "degraded_performance", updated_at: at(3.5) });
    serve(later);
    expect((await pollProvider(deps, sim())).result).toBe("updated");

    const tags = () => slack.forPath("all").map((p) => /\[([^\]]+)\]/.exec(p.body.text)?.[1]);
    await waitFor("three Slack messages", () => tags().length >= 3);
    await new Promise((r) => setTimeout(r, 600)); // anything extra would arrive now
    // The API's outage is told by the incident's messages (it names the API); the web app's is its own.
    expect(tags()).toEqual(["Investigating", "Identified", "Degraded performance"]);
    expect(slack.forPath("all")[2]!.body.text).toContain("claude.ai");

    const events = await db.prisma.event.findMany({ where: { providerId: "sim", backfill: false }, orderBy: { id: "asc" } });
    const times = events.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.map((e) => `${e.kind}:${e.toStatus}`)).toEqual([
      "incident_opened:investigating",
      "incident_update_posted:investigating",
      "incident_update_posted:identified",
      "incident_status_changed:identified",
      "component_status_changed:partial_outage",
      "provider_status_changed:partial_outage",
      "component_status_changed:degraded_performance",
    ]);
  }, 30_000);
});
