import { readFileSync } from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { feed, parseFeed } from "../../src/sources/feed";
import { entry, serve, testContext } from "./local-server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/feed", name), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("parseFeed: Statuspage history.rss in both markup generations", () => {
  let snapshot: Awaited<ReturnType<typeof parseFeed>>;
  beforeAll(async () => {
    snapshot = await parseFeed(fixture("statuspage-history-mixed.rss"));
  });

  it("makes one incident per item and puts maintenance labels in maintenances", () => {
    expect(snapshot.incidents.map((i) => i.title)).toEqual(["New Year database failover", "Webhook delays", "Login errors in EU"]);
    expect(snapshot.maintenances.map((m) => m.title)).toEqual(["Database upgrade"]);
    expect(snapshot.components).toEqual([]);
    expect(snapshot.status).toBeUndefined();
  });

  it.each([
    // [incident, expected (time, status, label) in order]
    [
      "https://status.example.com/incidents/nye1",
      [
        ["2015-01-01T07:40:00.000Z", "investigating", undefined],
        ["2015-01-01T07:50:00.000Z", "identified", undefined],
        ["2015-01-01T09:20:00.000Z", "resolved", undefined],
      ],
    ],
    [
      // "PST" in July means Pacific local time (PDT, -07:00), as the pubDate shows.
      "https://status.example.com/incidents/hook2",
      [
        ["2015-07-14T20:00:00.000Z", "investigating", undefined],
        ["2015-07-14T21:00:00.000Z", "monitoring", undefined],
        ["2015-07-14T21:10:00.000Z", "monitoring", "Update"],
        ["2015-07-14T22:00:00.000Z", "resolved", undefined],
        ["2015-07-14T22:30:00.000Z", "investigating", undefined],
        ["2015-07-14T23:05:00.000Z", "resolved", undefined],
      ],
    ],
    [
      "https://status.example.com/incidents/login3",
      [
        ["2025-03-10T00:27:00.000Z", "investigating", undefined],
        ["2025-03-10T09:30:00.000Z", "investigating", "Update"],
      ],
    ],
  ])("reads the update list of %s in time order with UTC times", (id, expected) => {
    const incident = snapshot.incidents.find((i) => i.externalId === id)!;
    expect(incident.updates.map((u) => [iso(u.at), u.status, u.label])).toEqual(expected);
  });

  it("derives year across New Year from the item date", () => {
    const nye = snapshot.incidents[0]!;
    expect(iso(nye.startedAt)).toBe("2015-01-01T07:40:00.000Z");
    expect(iso(nye.identifiedAt)).toBe("2015-01-01T07:50:00.000Z");
    expect(iso(nye.resolvedAt)).toBe("2015-01-01T09:20:00.000Z");
    expect(nye.status).toBe("resolved");
    expect(nye.impact).toBe("none");
    expect(nye.url).toBe("https://status.example.com/incidents/nye1");
  });

  it("turns HTML bodies into text, keeping emoji and line breaks", () => {
    const nye = snapshot.incidents[0]!;
    expect(nye.updates[1]!.body).toBe("A primary database node failed.\nWe are failing over.");
    expect(nye.updates[2]!.body).toBe("Failover complete 🎉 & all queues drained.");
    expect(nye.updates[0]!.body).toBe("We are seeing elevated error rates.");
  });

  it("takes the status of the latest update, also after a reopen", () => {
    expect(snapshot.incidents.map((i) => i.status)).toEqual(["resolved", "resolved", "investigating"]);
    const hook = snapshot.incidents[1]!;
    expect(iso(hook.resolvedAt)).toBe("2015-07-14T23:05:00.000Z");
    expect(iso(hook.monitoringAt)).toBe("2015-07-14T21:00:00.000Z");
  });

  it("reads maintenance labels as maintenance states", () => {
    const m = snapshot.maintenances[0]!;
    expect(m.status).toBe("completed");
    expect(m.updates.map((u) => [iso(u.at), u.status])).toEqual([
      ["2025-02-25T10:00:00.000Z", "scheduled"],
      ["2025-03-02T02:00:00.000Z", "in_progress"],
      ["2025-03-02T04:00:00.000Z", "completed"],
    ]);
    expect(iso(m.startedAt)).toBe("2025-03-02T02:00:00.000Z");
    expect(iso(m.completedAt)).toBe("2025-03-02T04:00:00.000Z");
  });

  it("gives updates stable ids across parses", async () => {
    const again = await parseFeed(fixture("statuspage-history-mixed.rss"));
    expect(again.incidents[1]!.updates.map((u) => u.externalId)).toEqual(snapshot.incidents[1]!.updates.map((u) => u.externalId));
    expect(new Set(snapshot.incidents[1]!.updates.map((u) => u.externalId)).size).toBe(6);
  });

  it("can mark maintenances by title pattern", async () => {
    const s = await parseFeed(fixture("statuspage-history-mixed.rss"), { maintenancePattern: "webhook" });
    expect(s.maintenances.map((m) => m.title)).toContain("Webhook delays");
  });
});

describe("parseFeed: items without an update list", () => {
  it.each([
    // title, status, update time, label
    ["Search is slow", "monitoring", "2026-02-20T21:44:27.567Z", undefined],
    ["Billing emails delayed", "resolved", "2026-02-18T16:40:22.000Z", undefined],
    ["Mobile push notifications failing", "investigating", "2026-02-17T13:00:00.000Z", undefined],
  ])("%s → %s", async (title, status, at, label) => {
    const s = await parseFeed(fixture("plain-items.atom"));
    const incident = s.incidents.find((i) => i.title === title)!;
    expect(incident.status).toBe(status);
    expect(incident.updates).toHaveLength(1);
    expect([iso(incident.updates[0]!.at), incident.updates[0]!.label]).toEqual([at, label]);
  });

  it("collapses incident.io's // in ids and links and reads affected components", async () => {
    const s = await parseFeed(fixture("plain-items.atom"));
    const search = s.incidents[0]!;
    expect(search.externalId).toBe("https://status.acme.test/incidents/01KHYH2KT8VNWS146V0S09MF29");
    expect(search.url).toBe("https://status.acme.test/incidents/01KHYH2KT8VNWS146V0S09MF29");
    expect(search.components).toEqual(["Search API", "Web app"]);
    expect(search.updates[0]!.components).toEqual([
      { name: "Search API", to: "degraded_performance" },
      { name: "Web app", to: "operational" },
    ]);
  });

  it("drops scripts from bodies", async () => {
    const s = await parseFeed(fixture("plain-items.atom"));
    expect(s.incidents[2]!.updates[0]!.body).toBe("We are looking into it.");
  });

  it("joins Google Cloud's one-entry-per-update feed into one incident with its stated span", async () => {
    const s = await parseFeed(fixture("gcp-style.atom"));
    expect(s.incidents).toHaveLength(1);
    const i = s.incidents[0]!;
    expect(i.externalId).toBe("tag:status.cloud.google.com,2023:feed:AbC123");
    expect(i.title).toBe("us-central1: Cloud SQL connection errors");
    expect(i.status).toBe("resolved");
    expect(iso(i.startedAt)).toBe("2023-11-08T17:30:00.000Z");
    expect(iso(i.resolvedAt)).toBe("2023-11-08T19:45:00.000Z");
    expect(i.updates.map((u) => [u.status, u.label])).toEqual([
      ["investigating", "UPDATE"],
      ["resolved", undefined],
    ]);
  });
});

describe("parseFeed: garbage", () => {
  it.each([
    ["not-a-feed.txt", /not XML/],
    ["html-page.xml", /not an RSS or Atom feed/],
  ])("%s → invalid_payload", async (name, message) => {
    const err = await parseFeed(fixture(name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: "invalid_payload" });
    expect((err as Error).message).toMatch(message);
  });

  it("rejects an item without any date", async () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>No date</title><description>hi</description></item></channel></rss>`;
    await expect(parseFeed(xml)).rejects.toMatchObject({ kind: "invalid_payload", message: expect.stringMatching(/no date/) });
  });

  it("rejects an invalid maintenancePattern option", () => {
    expect(feed.options.safeParse({ maintenancePattern: "(" }).success).toBe(false);
    expect(feed.options.safeParse({ unknown: 1 }).success).toBe(false);
    expect(feed.options.safeParse({}).success).toBe(true);
  });
});

describe("feed.poll over HTTP", () => {
  it("fetches the feed, then answers unchanged on 304", async () => {
    const server = await serve({ "/history.rss": { body: fixture("statuspage-history-mixed.rss"), contentType: "application/rss+xml", etag: '"v1"' } });
    try {
      const url = `${server.base}/history.rss`;
      const first = await feed.poll(entry("feed", url, {}), testContext());
      expect(first.kind).toBe("snapshot");
      if (first.kind !== "snapshot") return;
      expect(first.snapshot.incidents).toHaveLength(3);
      expect(first.validators[url]).toEqual({ etag: '"v1"', lastModified: undefined });
      const second = await feed.poll(entry("feed", url, {}), testContext(first.validators));
      expect(second).toEqual({ kind: "unchanged" });
    } finally {
      await server.close();
    }
  });

  it("fails with invalid_payload when the URL serves HTML", async () => {
    const server = await serve({ "/feed": { body: "<html><body>Sign in</body></html>", contentType: "text/html" } });
    try {
      await expect(feed.poll(entry("feed", `${server.base}/feed`, {}), testContext())).rejects.toMatchObject({ kind: "invalid_payload" });
    } finally {
      await server.close();
    }
  });
});
