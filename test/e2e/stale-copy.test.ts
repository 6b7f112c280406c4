import { statuspageAt } from "../../src/demo/outage-script";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { DEFAULT_EVENT_KINDS } from "../../src/notify/fanout";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { notifyConfig, silentLog, startSlackStandIn, waitFor } from "../support/notify";
import { entry, pollDeps, timelineCounts } from "../support/providers";

const T0 = Date.parse("2026-05-01T10:00:00Z");

/** A page served current → stale → current, as a lagging CDN edge does, and what Slack hears of it. */
describe("a stale copy of a page between two current ones", () => {
  let db: TestDatabase;
  let api: TestApi;
  let page: TestServer;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let dispatcher: Dispatcher;
  let deps: PollDeps;
  const sim = () => entry("sim", "statuspage", page.url);
  const serve = (stage: number) => {
    const docs = statuspageAt(stage, page.url, T0, 60_000);
    page.setHandler(
      jsonRoutes({ "/api/v2/summary.json": docs.summary, "/api/v2/incidents.json": docs.incidents, "/api/v2/scheduled-maintenances.json": docs.maintenances }),
    );
  };
  const poll = async (stage: number) => {
    serve(stage);
    return (await pollProvider(deps, sim())).result;
  };
  const tags = () => slack.forPath("all").map((p) => /\[([^\]]+)\]/.exec(p.body.text)?.[1]);

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
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
    await api.close();
    await page.close();
    await db.drop();
  });

  it("moves nothing backwards and sends nothing, and the outage still ends right", async () => {
    expect(await poll(0)).toBe("updated"); // first sight: backfill
    expect(await poll(1)).toBe("updated");
    // The component's change is told on its own only when it goes out before the incident that names
    // it is seen (noise control groups it otherwise), as with polls a minute apart.
    await waitFor("Degraded performance on Slack", () => tags().includes("Degraded performance"));
    for (const stage of [2, 3]) expect(await poll(stage)).toBe("updated");
    await waitFor("Identified on Slack", () => tags().includes("Identified"));

    const before = await timelineCounts(db.prisma);
    expect(await poll(2)).toBe("unchanged"); // the stale copy: investigating, API's older status
    expect(await timelineCounts(db.prisma)).toEqual(before);
    const row = await db.prisma.incident.findFirstOrThrow({ where: { providerId: "sim" } });
    expect(row.status).toBe("identified");
    const api1 = await db.prisma.component.findFirstOrThrow({ where: { providerId: "sim", externalId: "cmp-api" } });
    expect(api1.status).toBe("partial_outage");

    expect(await poll(3)).toBe("unchanged"); // the current copy again: nothing had moved
    expect(await timelineCounts(db.prisma)).toEqual(before);
    for (const stage of [4, 5]) expect(await poll(stage)).toBe("updated");

    await waitFor("Resolved on Slack", () => tags().includes("Resolved"));
    await new Promise((r) => setTimeout(r, 600)); // a duplicate would arrive now
    expect(tags()).toEqual(["Degraded performance", "Investigating", "Identified", "Monitoring", "Resolved"]);

    const list = await api.get("/api/v1/incidents?provider=sim");
    const detail = await api.get(`/api/v1/incidents/${list.body.data[0].id}`);
    expect(detail.body.data.transitions.map((t: { from: string | null; to: string }) => `${t.from ?? ""}>${t.to}`)).toEqual([
      ">investigating",
      "investigating>identified",
      "identified>monitoring",
      "monitoring>resolved",
    ]);
    const events = await db.prisma.event.findMany({ where: { providerId: "sim", fromStatus: "identified", toStatus: "investigating" } });
    expect(events).toEqual([]);
  }, 30_000);
});
