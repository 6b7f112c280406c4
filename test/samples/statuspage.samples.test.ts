import { readFileSync } from "node:fs";
import path from "node:path";
import { parseFeed } from "../../src/sources/feed/parse";
import { parseStatuspage } from "../../src/sources/statuspage/parse";

const SAMPLES = path.resolve(__dirname, "../../../shared/samples");
const read = (rel: string) => readFileSync(path.join(SAMPLES, rel), "utf8");
const json = (rel: string) => JSON.parse(read(rel)) as unknown;
const iso = (d: Date | undefined) => d?.toISOString();

describe("statuspage JSON samples", () => {
  it("GitHub summary during the 2020-05-22 incident", () => {
    const s = parseStatuspage(
      { summary: json("statuspage/githubstatus-summary-2020-05-22-partial-outage-active-incident.json") },
      "https://www.githubstatus.com",
    );
    expect([s.status, s.statusDescription]).toEqual(["degraded_performance", "Minor Service Outage"]);
    expect(s.components.filter((c) => c.status === "partial_outage").map((c) => c.name)).toEqual([
      "API Requests",
      "Issues, Pull Requests, Projects",
      "GitHub Actions",
      "GitHub Pages",
    ]);
    const [i] = s.incidents;
    expect([i!.title, i!.status, i!.impact, iso(i!.startedAt)]).toEqual([
      "Incident on 2020-05-22 16:41 UTC",
      "investigating",
      "minor",
      "2020-05-22T16:41:53.133Z",
    ]);
    expect(i!.updates.map((u) => u.status)).toEqual(Array(6).fill("investigating"));
    expect(iso(i!.updates[0]!.at)).toBe("2020-05-22T16:41:53.189Z");
    expect(iso(i!.updates[5]!.at)).toBe("2020-05-22T20:50:13.759Z");
  });

  it("GitHub summary with a maintenance in progress", () => {
    const s = parseStatuspage({ summary: json("statuspage/githubstatus-summary-2020-12-17-maintenance-in-progress.json") }, "https://www.githubstatus.com");
    expect(s.status).toBe("under_maintenance");
    expect(s.components.find((c) => c.name === "Actions")!.status).toBe("under_maintenance");
    const [m] = s.maintenances;
    expect([m!.title, m!.status, m!.impact]).toEqual(["macOS virtual environment maintenance", "in_progress", "none"]);
    expect(m!.updates.map((u) => [u.status, iso(u.at)])).toEqual([
      ["scheduled", "2020-12-14T16:37:35.959Z"],
      ["scheduled", "2020-12-15T09:00:29.617Z"],
      ["in_progress", "2020-12-15T10:00:40.056Z"],
    ]);
  });

  it("GitHub incidents archive keeps the undocumented 'update' status as a label", () => {
    const s = parseStatuspage(
      { summary: { page: {} }, incidents: json("statuspage/githubstatus-incidents-array-2021-07to08-slice-850to860.json") },
      "https://www.githubstatus.com",
    );
    const i = s.incidents.find((x) => x.externalId === "lc8s9rtyjmgq")!;
    expect([i.title, i.status, i.impact]).toEqual(["Incident with GitHub Actions", "resolved", "major"]);
    expect(i.updates.map((u) => [u.status, u.label, iso(u.at)])).toEqual([
      ["investigating", undefined, "2021-08-10T20:09:00.000Z"],
      ["investigating", "update", "2021-08-10T20:16:00.000Z"],
      ["identified", undefined, "2021-08-10T22:24:00.000Z"],
      ["monitoring", undefined, "2021-08-10T22:37:00.000Z"],
      ["resolved", undefined, "2021-08-10T23:10:00.000Z"],
    ]);
    expect([iso(i.identifiedAt), iso(i.monitoringAt), iso(i.resolvedAt)]).toEqual([
      "2021-08-10T22:24:00.000Z",
      "2021-08-10T22:37:00.000Z",
      "2021-08-10T23:10:00.000Z",
    ]);
  });

  it("Cloudflare incidents with old shortlinks and group-prefixed components", () => {
    const s = parseStatuspage(
      { summary: { page: {} }, incidents: json("statuspage/cloudflarestatus-incidents-2019-01-10-two-incidents.json") },
      "https://www.cloudflarestatus.com",
    );
    const api = s.incidents.find((i) => i.externalId === "q746ybtyb6q0")!;
    expect([api.title, api.status]).toEqual(["Cloudflare API service issues", "resolved"]);
    expect(api.updates.map((u) => u.status)).toEqual(["investigating", "investigating", "monitoring", "resolved"]);
    expect(iso(api.resolvedAt)).toBe("2018-09-18T07:45:41.290Z");
  });

  it("Discord incident at -08:00 comes out in UTC", () => {
    const s = parseStatuspage(
      { summary: { page: {} }, incidents: json("statuspage/discordstatus-incidents-2022-02-15-doc-excerpt.json") },
      "https://discordstatus.com",
    );
    const [i] = s.incidents;
    expect([i!.title, i!.status, iso(i!.startedAt), iso(i!.monitoringAt), iso(i!.resolvedAt)]).toEqual([
      "Messaging issues",
      "resolved",
      "2022-02-15T21:14:17.737Z",
      "2022-02-15T21:21:55.183Z",
      "2022-02-15T21:37:37.388Z",
    ]);
    expect(i!.updates[0]!.components).toEqual([{ name: "API", from: "operational", to: "degraded_performance" }]);
  });

  it("Discord 2015 maintenance with kaomoji and impact major", () => {
    const s = parseStatuspage(
      { summary: { page: {} }, maintenances: json("statuspage/discordstatus-scheduled-maintenances-2015-doc-excerpt.json") },
      "https://discordstatus.com",
    );
    const [m] = s.maintenances;
    expect([m!.title, m!.status, m!.impact, iso(m!.scheduledFor), iso(m!.scheduledUntil), iso(m!.completedAt)]).toEqual([
      "(ﾉ◕ヮ◕)ﾉ*:･ﾟ✧ Server Juice",
      "completed",
      "major",
      "2015-09-22T08:00:00.000Z",
      "2015-09-22T08:30:00.000Z",
      "2015-09-22T09:25:20.034Z",
    ]);
    expect(iso(m!.updates[0]!.at)).toBe("2015-09-19T01:20:00.000Z");
  });
});

describe("statuspage history feeds through the feed kind", () => {
  it("Parse 2014 RSS: old markup, 'PST' in summer, Update and Postmortem labels", async () => {
    const s = await parseFeed(read("statuspage-feed/parse-status-history-2014.rss"));
    expect(s.incidents).toHaveLength(17);
    const analytics = s.incidents.find((i) => i.externalId === "http://status.parse.com/incidents/x7yb1mmd4721")!;
    expect(analytics.updates.map((u) => [u.status, u.label, iso(u.at)])).toEqual([
      ["identified", undefined, "2013-12-29T16:04:00.000Z"],
      ["identified", "Update", "2013-12-29T17:57:00.000Z"],
      ["resolved", undefined, "2013-12-29T20:20:00.000Z"],
    ]);
    // "Oct 28, 14:48 PST" with pubDate 14:48 -0700: Pacific daylight time.
    const oct = s.incidents.find((i) => i.externalId === "http://status.parse.com/incidents/gtdv7rgyn76g")!;
    expect(iso(oct.resolvedAt)).toBe("2013-10-28T21:48:00.000Z");
    const pm = s.incidents.find((i) => i.externalId === "http://status.parse.com/incidents/p9hy357zjvb3")!;
    expect(pm.status).toBe("postmortem");
    expect(pm.updates.map((u) => [u.status, iso(u.at)])).toEqual([
      ["investigating", "2013-12-24T16:58:00.000Z"],
      ["resolved", "2013-12-24T19:21:00.000Z"],
      ["postmortem", "2013-12-26T18:22:00.000Z"],
    ]);
    expect(pm.updates[2]!.body).toMatch(/^# Summary of the December 24 Parse Service Disruption\n\nWe would like/);
    expect(iso(pm.resolvedAt)).toBe("2013-12-24T19:21:00.000Z");
  });

  it("MoonPay 2025 RSS: new markup, maintenances, emoji and non-monotonic labels", async () => {
    const s = await parseFeed(read("statuspage-feed/moonpay-status-history-2025.rss"));
    expect(s.maintenances.map((m) => [m.title, m.status])).toEqual([
      ["MoonPay Balances US and ACH Maintenance", "completed"],
      ["Scheduled Maintenance", "completed"],
      ["Scheduled Maintenance", "completed"],
    ]);
    expect(s.incidents).toHaveLength(22);
    const sell = s.incidents.find((i) => i.title === "Sell Transaction Delays")!;
    expect(sell.updates.map((u) => [u.status, u.label, iso(u.at)])).toEqual([
      ["identified", undefined, "2025-10-31T14:47:00.000Z"],
      ["monitoring", undefined, "2025-10-31T15:07:00.000Z"],
      ["monitoring", "Update", "2025-10-31T15:09:00.000Z"],
      ["resolved", undefined, "2025-10-31T15:20:00.000Z"],
    ]);
    const memo = s.incidents.find((i) => i.title === "App freezes while buying tokens with a memo/tag")!;
    expect(memo.updates.at(-1)!.body).toBe("The issue is now fixed 🎃");
    const notif = s.incidents.find((i) => i.title === "Notification & deep-link issues")!;
    expect([iso(notif.startedAt), iso(notif.resolvedAt)]).toEqual(["2025-11-04T19:29:00.000Z", "2025-11-05T12:12:00.000Z"]);
  });

  it("StreamYard RSS and Atom twins give the same incidents and updates", async () => {
    const rss = await parseFeed(read("statuspage-feed/streamyard-status-history-2024.rss"));
    const atom = await parseFeed(read("statuspage-feed/streamyard-status-history-2024.atom"));
    expect(atom.incidents.map((i) => i.title)).toEqual(rss.incidents.map((i) => i.title));
    expect(atom.incidents.map((i) => i.updates.map((u) => [u.status, u.label, iso(u.at)]))).toEqual(
      rss.incidents.map((i) => i.updates.map((u) => [u.status, u.label, iso(u.at)])),
    );
    expect(atom.incidents[0]!.externalId).toBe("tag:status.streamyard.com,2005:Incident/19937356");
    expect(iso(atom.incidents[0]!.updatedAt)).toBe("2024-02-09T17:35:55.000Z");
    const pre = rss.incidents.find((i) => i.title === "Pre-recorded Streaming Issue")!;
    expect(pre.updates.map((u) => [u.status, iso(u.at)])).toEqual([["resolved", "2022-03-15T04:30:00.000Z"]]);
    const elevated = rss.incidents.find((i) => i.title === "Elevated error rates")!;
    expect(elevated.updates.map((u) => u.label ?? u.status)).toEqual(["investigating", "Update", "Update", "identified", "resolved"]);
  });

  it("GitHub history.atom 2022-06-11", async () => {
    const s = await parseFeed(read("statuspage-feed/githubstatus-history-2022-06-11.atom"));
    const [first] = s.incidents;
    expect([first!.title, first!.status, first!.url, iso(first!.startedAt), iso(first!.resolvedAt)]).toEqual([
      "Incident with Codespaces",
      "resolved",
      "https://www.githubstatus.com/incidents/fbx6ysfb4mff",
      "2022-06-08T18:48:00.000Z",
      "2022-06-08T19:13:00.000Z",
    ]);
    expect(s.maintenances.map((m) => m.title)).toContain("Scheduled Maintenance for GitHub Actions");
  });
});
