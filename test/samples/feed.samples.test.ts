import { parseFeed } from "../../src/sources/feed/parse";
import { iso, readSample } from "./sample-files";

describe("feed samples beyond Statuspage", () => {
  it("incident.io RSS item with content:encoded and a GMT pubDate", async () => {
    const s = await parseFeed(readSample("openai/openai-history-rss-2026-01-08-incidentio-1item-EXTRACTED.rss"));
    const [i] = s.incidents;
    expect([i!.externalId, i!.title, i!.status, iso(i!.resolvedAt), i!.components]).toEqual([
      "https://status.openai.com/incidents/01KEDRBQ2A3Y9JJ7G3F3YM4KT3",
      "High error rate for Dall-e",
      "resolved",
      "2026-01-08T02:45:00.000Z",
      ["Images"],
    ]);
    expect(i!.updates[0]!.body).toMatch(/^Status: Resolved\n\nAll impacted services have now fully recovered\./);
  });

  it("Google Cloud feed.atom entry: status from the title, times from its US/Pacific span", async () => {
    const s = await parseFeed(readSample("gcp/gcp-status-feed-atom-2022-04-01-single-entry.atom"));
    const [i] = s.incidents;
    expect([i!.externalId, i!.title, i!.status, iso(i!.startedAt), iso(i!.resolvedAt), i!.url]).toEqual([
      "tag:status.cloud.google.com,2022:feed:B1hD4KAtcxiyAWkcANfV",
      "Global: Cloud Monitoring Metrics may be unavailable or underreported for Cloud Pub/Sub",
      "resolved",
      "2022-03-31T15:30:00.000Z",
      "2022-03-31T22:54:00.000Z",
      "https://status.cloud.google.com/incidents/B1hD4KAtcxiyAWkcANfV",
    ]);
    expect(iso(i!.updates[0]!.at)).toBe("2022-04-01T20:13:25.000Z");
  });
});
