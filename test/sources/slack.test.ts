import { readFileSync } from "node:fs";
import path from "node:path";
import { slack } from "../../src/sources/slack";
import { defaultHistoryUrl, parseSlack } from "../../src/sources/slack/parse";
import { entry, serve, testContext } from "./local-server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/slack", name), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("parseSlack", () => {
  const s = parseSlack(JSON.parse(fixture("current.json")), JSON.parse(fixture("history.json")));

  it("reads active incidents with UTC times and notes in order", () => {
    const outage = s.incidents.find((i) => i.externalId === "1234")!;
    expect([outage.title, outage.status, outage.impact, iso(outage.startedAt)]).toEqual([
      "Messages aren’t sending for some users",
      "investigating",
      "critical",
      "2024-02-26T17:15:00.000Z",
    ]);
    // The current copy (two notes) wins over the older history copy.
    expect(outage.updates.map((u) => [iso(u.at), u.body])).toEqual([
      ["2024-02-26T17:15:00.000Z", "We're investigating reports of messages failing to send."],
      ["2024-02-26T18:05:00.000Z", "We've identified the cause\nand are rolling out a fix."],
    ]);
  });

  it("reads resolved history events and numeric ids", () => {
    const huddles = s.incidents.find((i) => i.externalId === "1200")!;
    expect([huddles.status, huddles.impact, iso(huddles.resolvedAt)]).toEqual(["resolved", "major", "2024-02-20T23:30:00.000Z"]);
    expect(huddles.updates.map((u) => u.status)).toEqual(["investigating", "resolved"]);
    expect(s.maintenances.map((m) => [m.externalId, m.status])).toEqual([["77", "in_progress"]]);
  });

  it("derives service components and the overall status", () => {
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["Messaging", "major_outage"],
      ["Connectivity", "major_outage"],
      ["Search", "under_maintenance"],
      ["Huddles", "operational"],
    ]);
    expect(s.status).toBe("major_outage");
    expect(s.statusDescription).toBe("active");
  });

  it("turns HTML note bodies into plain text", () => {
    const event = {
      id: 5,
      title: "Huddles",
      type: "incident",
      status: "resolved",
      date_created: "2026-08-01T10:00:00Z",
      date_updated: "2026-08-01T11:00:00Z",
      services: ["Huddles"],
      notes: [{ date_created: "2026-08-01T10:00:00Z", body: "<p>Some users can&#39;t&nbsp;join <b>huddles</b>.</p><p>We&rsquo;re on it.</p>" }],
    };
    const parsed = parseSlack({ status: "ok", active_incidents: [] }, [event]);
    expect(parsed.incidents[0]!.updates.map((u) => u.body)).toEqual(["Some users can't join huddles.\n\nWe’re on it."]);
  });

  it("treats status ok as operational", () => {
    const ok = parseSlack({ status: "ok", active_incidents: [], date_created: "2018-09-07T18:34:15-07:00" });
    expect([ok.status, ok.incidents, ok.components]).toEqual(["operational", [], []]);
  });

  it.each([
    [[], /not a JSON object/],
    [{ active_incidents: [] }, /not a Slack Status API v2 document/],
    [{ status: "active", active_incidents: [{ id: "1", date_created: "when?" }] }, /no valid time/],
    [{ status: "active", active_incidents: [{ title: "no id", date_created: "2024-01-01T00:00:00Z" }] }, /no id/],
  ])("rejects garbage %#", (doc, message) => {
    expect(() => parseSlack(doc)).toThrow(expect.objectContaining({ kind: "invalid_payload", message: expect.stringMatching(message) }));
  });

  it("derives the history URL from the current URL", () => {
    expect(defaultHistoryUrl("https://slack-status.com/api/v2.0.0/current")).toBe("https://slack-status.com/api/v2.0.0/history");
    expect(defaultHistoryUrl("https://example.test/status")).toBeUndefined();
  });
});

describe("slack.poll over HTTP", () => {
  it("fetches current and history", async () => {
    const server = await serve({
      "/api/v2.0.0/current": { body: fixture("current.json"), contentType: "application/json" },
      "/api/v2.0.0/history": { body: fixture("history.json"), contentType: "application/json" },
    });
    try {
      const result = await slack.poll(entry("slack", `${server.base}/api/v2.0.0/current`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents.map((i) => i.externalId).sort()).toEqual(["1200", "1234"]);
    } finally {
      await server.close();
    }
  });

  it("works without a history endpoint (404)", async () => {
    const server = await serve({ "/api/v2.0.0/current": { body: fixture("current.json"), contentType: "application/json" } });
    try {
      const result = await slack.poll(entry("slack", `${server.base}/api/v2.0.0/current`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents.map((i) => i.externalId)).toEqual(["1234"]);
    } finally {
      await server.close();
    }
  });
});
