import { readFileSync } from "node:fs";
import path from "node:path";
import type { Snapshot } from "../../src/domain/snapshot";
import { parseAws, parseAwsDashboard } from "../../src/sources/aws/parse";
import { parseAzureFeed } from "../../src/sources/azure/parse";
import { SourceError } from "../../src/sources/errors";
import { parseFeed } from "../../src/sources/feed/parse";
import { parseGcpIncidents } from "../../src/sources/gcp/parse";
import { parseIncidentio } from "../../src/sources/incidentio/parse";
import { parseSlack } from "../../src/sources/slack/parse";

const text = (kind: string, name: string) => readFileSync(path.join(__dirname, "../fixtures", kind, name), "utf8");
const json = (kind: string, name: string) => JSON.parse(text(kind, name));
/** An RSS item with no date at all: nothing can place it on the timeline. */
const undatedRssItem = "<item><title>Undated notice</title><description>no date</description><guid>undated-1</guid></item>";
const undatedAtomEntry = "<entry><title>Undated notice</title><id>tag:x,2020:undated</id><content>no date</content></entry>";

interface Case {
  kind: string;
  good: () => Snapshot | Promise<Snapshot>;
  withBadItem: () => Snapshot | Promise<Snapshot>;
  onlyBadItem: () => Snapshot | Promise<Snapshot>;
  reason: RegExp;
}

const cases: Case[] = [
  {
    kind: "gcp",
    good: () => parseGcpIncidents(json("gcp", "incidents.json")),
    withBadItem: () => parseGcpIncidents([...json("gcp", "incidents.json"), { id: "no-begin", external_desc: "Broken", updates: [] }]),
    onlyBadItem: () => parseGcpIncidents([{ id: "no-begin", external_desc: "Broken", updates: [] }]),
    reason: /no-begin/,
  },
  {
    kind: "slack",
    good: () => parseSlack(json("slack", "current.json"), json("slack", "history.json")),
    withBadItem: () => parseSlack(json("slack", "current.json"), [...json("slack", "history.json"), { title: "no id", date_created: "2024-01-01T00:00:00Z" }]),
    onlyBadItem: () => parseSlack({ status: "active", active_incidents: [{ title: "no id" }] }),
    reason: /no id/,
  },
  {
    kind: "aws json",
    good: () => parseAwsDashboard(json("aws", "data.json")),
    withBadItem: () => {
      const doc = json("aws", "data.json");
      return parseAwsDashboard({ ...doc, archive: [...(doc.archive ?? []), { summary: "Lost event", service: "ec2-us-east-1" }] });
    },
    onlyBadItem: () => parseAwsDashboard({ archive: [{ summary: "Lost event", service: "ec2-us-east-1" }], current: [] }),
    reason: /Lost event/,
  },
  {
    kind: "aws rss",
    good: () => parseAws(text("aws", "ec2-us-east-1.rss"), "rss"),
    withBadItem: () => parseAws(text("aws", "ec2-us-east-1.rss").replace("</channel>", `${undatedRssItem}</channel>`), "rss"),
    onlyBadItem: () => parseAws(text("aws", "ec2-us-east-1.rss").replace(/<item>[\s\S]*<\/item>/, undatedRssItem), "rss"),
    reason: /Undated notice/,
  },
  {
    kind: "azure",
    good: () => parseAzureFeed(text("azure", "feed.xml")),
    withBadItem: () =>
      parseAzureFeed(
        text("azure", "feed.xml")
          .replace("</channel>", `${undatedRssItem}</channel>`)
          .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, ""),
      ),
    onlyBadItem: () =>
      parseAzureFeed(
        text("azure", "feed.xml")
          .replace(/<item>[\s\S]*<\/item>/, undatedRssItem)
          .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, ""),
      ),
    reason: /Undated notice/,
  },
  {
    kind: "feed",
    good: () => parseFeed(text("feed", "plain-items.atom")),
    withBadItem: () =>
      parseFeed(
        text("feed", "plain-items.atom")
          .replace("</feed>", `${undatedAtomEntry}</feed>`)
          .replace(/<updated>[^<]*<\/updated>(?=[\s\S]*<entry>)/, ""),
      ),
    onlyBadItem: () =>
      parseFeed(
        text("feed", "plain-items.atom")
          .replace(/<entry>[\s\S]*<\/entry>/, undatedAtomEntry)
          .replace(/<updated>[^<]*<\/updated>/g, ""),
      ),
    reason: /Undated notice/,
  },
  {
    kind: "incidentio widget",
    good: () => parseIncidentio({ proxy: json("incidentio", "widget-incidents.json") }, "https://status.x.test"),
    withBadItem: () => {
      const doc = json("incidentio", "widget-incidents.json");
      return parseIncidentio({ proxy: { ...doc, incidents: [...doc.incidents, { name: "No id", updates: [] }] } }, "https://status.x.test");
    },
    onlyBadItem: () => parseIncidentio({ proxy: { incidents: [{ name: "No id", updates: [] }] } }, "https://status.x.test"),
    reason: /has no id/,
  },
];

describe.each(cases)("$kind: an unreadable item", ({ good, withBadItem, onlyBadItem, reason }) => {
  it("is left out with its reason while every other item stands", async () => {
    const expected = await good();
    expect(expected.skipped).toBeUndefined();
    const s = await withBadItem();
    expect(s.incidents.map((i) => i.externalId).sort()).toEqual(expected.incidents.map((i) => i.externalId).sort());
    expect(s.maintenances.map((m) => m.externalId).sort()).toEqual(expected.maintenances.map((m) => m.externalId).sort());
    expect(s.skipped).toHaveLength(1);
    expect(s.skipped![0]).toMatch(reason);
  });

  it("alone makes the document garbled: an invalid_payload error", async () => {
    let caught: unknown;
    try {
      await onlyBadItem();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SourceError);
    expect((caught as SourceError).kind).toBe("invalid_payload");
    expect((caught as SourceError).message).toMatch(reason);
  });
});
