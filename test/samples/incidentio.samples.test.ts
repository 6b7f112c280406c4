import { readFeed } from "../../src/sources/feed/document";
import { parseIncidentio } from "../../src/sources/incidentio/parse";
import { iso, readSample, sampleJson } from "./sample-files";

describe("incident.io samples", () => {
  it("OpenAI summary.json plus history.atom", async () => {
    const s = parseIncidentio(
      {
        summary: sampleJson("openai/openai-summary-01-2026-09-22T1526Z-monitoring-01M34TAFM9WBGEBE3G1GBH4SE8.json"),
        feed: await readFeed(readSample("openai/openai-history-atom-2026-02-22-incidentio-2entries-EXTRACTED.atom")),
      },
      "https://status.openai.com",
    );
    expect([s.status, s.statusDescription, s.components.length]).toEqual(["degraded_performance", "Partial System Degradation", 25]);
    expect(s.components.every((c) => c.status === "operational")).toBe(true);
    const open = s.incidents[0]!;
    expect([open.externalId, open.status, open.impact, iso(open.startedAt), iso(open.monitoringAt), open.url]).toEqual([
      "01M34TAFM9WBGEBE3G1GBH4SE8",
      "monitoring",
      "minor",
      "2026-09-22T15:04:05.000Z",
      "2026-09-22T15:26:40.000Z",
      "https://status.openai.com/incidents/01M34TAFM9WBGEBE3G1GBH4SE8",
    ]);
    expect(open.title).toBe("Elevated Error Rates for ChatGPT Work, across Plus, Pro, Business, Enterprise and Education plans.");
    expect(open.updates.map((u) => [u.status, iso(u.at)])).toEqual([
      ["identified", "2026-09-22T15:04:05.000Z"],
      ["monitoring", "2026-09-22T15:26:40.000Z"],
    ]);
    expect(s.incidents.slice(1).map((i) => [i.externalId, i.title, i.status, iso(i.resolvedAt), i.components])).toEqual([
      ["01KHYH2KT8VNWS146V0S09MF29", "Increased latency in ChatGPT for some users", "resolved", "2026-02-20T22:44:27.567Z", ["Conversations"]],
      ["01KHRP7P1JF885BYA8SDWBDBR1", "Sora 2 Degraded Performance", "resolved", "2026-02-18T16:40:22.657Z", ["Video generation"]],
    ]);
  });

  it("Pleo widget JSON (trimmed test excerpt)", () => {
    const s = parseIncidentio({ proxy: sampleJson("incidentio/pleo-incidentio-proxy-incidents-2026-01-test-excerpt.json") }, "https://status.pleo.io");
    const [i] = s.incidents;
    expect([i!.title, i!.status, i!.impact, iso(i!.startedAt), iso(i!.identifiedAt), iso(i!.resolvedAt)]).toEqual([
      "Invoices page not loading for some customers",
      "resolved",
      "minor",
      "2026-01-30T10:42:56.002Z",
      "2026-01-30T10:42:56.002Z",
      "2026-01-30T11:21:05.200Z",
    ]);
    expect(i!.updates.map((u) => [u.externalId, u.status])).toEqual([["01KG77ZCW3DBEXXB00VHC5GVZV", "identified"]]);
    const [m] = s.maintenances;
    expect([m!.title, m!.status, iso(m!.scheduledFor), iso(m!.scheduledUntil), iso(m!.completedAt)]).toEqual([
      "Scheduled Pleo Maintenance",
      "completed",
      "2026-01-25T00:00:00.000Z",
      "2026-01-25T02:00:00.000Z",
      "2026-01-25T02:00:00.000Z",
    ]);
    expect(m!.updates.map((u) => u.status)).toEqual(["scheduled"]);
  });
});
