import { readFileSync } from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { feed } from "../../src/sources/feed";
import { parseFeed } from "../../src/sources/feed/parse";
import { readFeed } from "../../src/sources/feed/document";
import { chronological, type LabelledUpdate } from "../../src/sources/feed/updates";
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

describe("parseFeed: updates posted within the same minute", () => {
  let snapshot: Awaited<ReturnType<typeof parseFeed>>;
  beforeAll(async () => {
    snapshot = await parseFeed(fixture("statuspage-same-minute.atom"));
  });

  it("keeps the page's order among same-minute entries of a newest-first list", () => {
    const chat = snapshot.incidents.find((i) => i.title === "Chat completions failing")!;
    expect(chat.updates.map((u) => [iso(u.at), u.status, u.label, u.body])).toEqual([
      ["2025-10-03T02:41:00.000Z", "investigating", undefined, "We are investigating elevated errors."],
      ["2025-10-03T03:04:00.000Z", "investigating", "Update", "A fix is being rolled out."],
      ["2025-10-03T03:47:00.000Z", "investigating", "Update", "Error rates are back to normal."],
      ["2025-10-03T03:47:00.000Z", "resolved", undefined, "This incident has been resolved."],
    ]);
    expect(chat.status).toBe("resolved");
    expect(iso(chat.resolvedAt)).toBe("2025-10-03T03:47:00.000Z");
  });

  it("reverses a run of four entries in one minute", () => {
    const deg = snapshot.incidents.find((i) => i.title === "Degraded performance across services")!;
    expect(deg.updates.map((u) => u.body.split(" ")[0])).toEqual(["We", "Actions", "Pull", "Git", "Pages"]);
  });

  it("ends a maintenance completed when Completed and In progress share a minute", () => {
    const m = snapshot.maintenances.find((x) => x.title === "Queue cluster upgrade")!;
    expect(m.updates.map((u) => u.status)).toEqual(["scheduled", "in_progress", "completed"]);
    expect(m.status).toBe("completed");
    expect(iso(m.completedAt)).toBe("2025-03-02T04:00:00.000Z");
  });

  it("keeps the page's order among Google Cloud entries of the same time", async () => {
    const entry = (n: number, title: string, body: string) =>
      `<entry><title>${title}: eu-west1: Pub/Sub delays</title><id>tag:status.cloud.google.com,2024:feed:Zz9.u${n}</id>` +
      `<updated>2024-05-01T10:00:00+00:00</updated><summary type="html">&lt;p&gt;${body}&lt;/p&gt;</summary></entry>`;
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>GCP</title>${entry(2, "RESOLVED", "Resolved.")}${entry(1, "UPDATE", "Still mitigating.")}</feed>`;
    const [incident] = (await parseFeed(xml)).incidents;
    expect(incident!.updates.map((u) => [u.status, u.label, u.body])).toEqual([
      ["investigating", "UPDATE", "Still mitigating."],
      ["resolved", undefined, "Resolved."],
    ]);
  });
});

describe("chronological: page order to time order", () => {
  const at = (s: string) => new Date(`2024-07-12T${s}:00Z`);
  const entry = (label: string, time?: string): LabelledUpdate => ({ label, body: label, at: time ? at(time) : undefined });
  const fallback = at("12:00");
  const read = (listed: LabelledUpdate[]) => chronological(listed, fallback).map((u) => [u.label, u.at.toISOString().slice(11, 16), u.estimated]);

  it("places an undated entry at the time of the dated entry before it, right after it", () => {
    expect(read([entry("Resolved", "10:00"), entry("Update"), entry("Investigating", "09:00")])).toEqual([
      ["Investigating", "09:00", false],
      ["Update", "09:00", true],
      ["Resolved", "10:00", false],
    ]);
  });

  it("places an undated oldest entry at the first dated time, before it", () => {
    expect(read([entry("Resolved", "10:00"), entry("Investigating")])).toEqual([
      ["Investigating", "10:00", true],
      ["Resolved", "10:00", false],
    ]);
  });

  it("uses the fallback when nothing is dated, keeping newest-first order reversed", () => {
    expect(read([entry("Resolved"), entry("Investigating")])).toEqual([
      ["Investigating", "12:00", true],
      ["Resolved", "12:00", true],
    ]);
  });

  it("leaves a list whose dates run forwards in its order", () => {
    expect(read([entry("Investigating", "09:00"), entry("Update", "09:00"), entry("Resolved", "10:00")]).map((u) => u[0])).toEqual([
      "Investigating",
      "Update",
      "Resolved",
    ]);
  });
});

describe("parseFeed: time zones of update times", () => {
  let snapshot: Awaited<ReturnType<typeof parseFeed>>;
  beforeAll(async () => {
    snapshot = await parseFeed(fixture("statuspage-zones.rss"));
  });
  const times = (title: string) => snapshot.incidents.find((i) => i.title === title)!.updates.map((u) => [iso(u.at), u.status]);

  it("reads numeric offsets of one or two digits and ART as Argentina (-03:00)", () => {
    expect(times("Payments delayed in Argentina")).toEqual([
      ["2024-07-10T12:00:00.000Z", "investigating"],
      ["2024-07-10T15:30:00.000Z", "resolved"],
    ]);
  });

  it("reads GMT+2 and UTC+05:30", () => {
    expect(times("Regional API errors")).toEqual([
      ["2024-07-11T03:30:00.000Z", "investigating"],
      ["2024-07-11T08:00:00.000Z", "resolved"],
    ]);
  });

  it("reads times without a zone in the offset of the item's own date", () => {
    expect(times("Dashboard slow")).toEqual([
      ["2024-07-11T15:15:00.000Z", "investigating"],
      ["2024-07-11T16:00:00.000Z", "resolved"],
    ]);
  });

  it("keeps an entry with an unreadable time in its place, with the time as shown in its body", () => {
    const exports = snapshot.incidents.find((i) => i.title === "Exports stuck")!;
    expect(exports.updates.map((u) => [iso(u.at), u.status, u.body])).toEqual([
      ["2024-07-12T09:00:00.000Z", "investigating", "Exports do not finish."],
      ["2024-07-12T09:00:00.000Z", "identified", "[Jul 12, 09:30 XYZT] A stuck worker blocks the export queue."],
      ["2024-07-12T10:00:00.000Z", "resolved", "Exports complete again."],
    ]);
  });
});

describe("readFeed: Atom titles", () => {
  it('decodes entities and markup of type="html" titles and leaves text titles as they are', async () => {
    const doc = await readFeed(fixture("atom-titles.atom"));
    expect(doc.items.map((i) => i.title)).toEqual(["Errors in Search & Chat “beta”", "Outage of Uploads & Downloads", "Docs for &lt;select&gt; render badly"]);
    const s = await parseFeed(fixture("atom-titles.atom"));
    expect(s.incidents[0]!.title).toBe("Errors in Search & Chat “beta”");
  });
});

describe("parseFeed: incident.io entries with both summary and content", () => {
  it("reads affected components from the summary when the content lacks them", async () => {
    const s = await parseFeed(fixture("incidentio-summary-and-content.atom"));
    const [both, contentOnly] = s.incidents;
    expect(both!.components).toEqual(["Search", "Login"]);
    expect(both!.updates[0]!.components).toEqual([
      { name: "Search", to: "degraded_performance" },
      { name: "Login", to: "partial_outage" },
    ]);
    expect(both!.updates[0]!.body).toBe("Status: Investigating\n\nWe are investigating.");
    // The content's own list wins over the summary's.
    expect(contentOnly!.components).toEqual(["Webhooks"]);
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
