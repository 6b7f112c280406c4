import { readFileSync } from "node:fs";
import path from "node:path";
import { readFeed } from "../../src/sources/feed/document";
import { incidentio } from "../../src/sources/incidentio";
import { parseIncidentio, ulidOf } from "../../src/sources/incidentio/parse";
import { entry, serve, testContext } from "./local-server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/incidentio", name), "utf8");
const json = (name: string) => JSON.parse(fixture(name)) as unknown;
const iso = (d: Date | undefined) => d?.toISOString();
const PAGE = "https://status.acme.test";

describe("parseIncidentio", () => {
  it("reads the Statuspage-compatible summary with offsets in UTC", () => {
    const s = parseIncidentio({ summary: json("summary.json") }, PAGE);
    expect(s.status).toBe("partial_outage");
    expect(s.statusDescription).toBe("Partial System Outage");
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["API", "partial_outage"],
      ["Dashboard", "operational"],
    ]);
    const [open] = s.incidents;
    expect(open).toMatchObject({ externalId: "01KOPEN0000000000000000001", title: "Elevated API errors 🚨", status: "identified", impact: "major" });
    expect(iso(open!.startedAt)).toBe("2026-03-04T14:55:00.000Z");
    expect(open!.updates.map((u) => [u.status, iso(u.at)])).toEqual([
      ["investigating", "2026-03-04T14:55:00.000Z"],
      ["identified", "2026-03-04T15:20:00.000Z"],
    ]);
    expect(s.maintenances).toEqual([]);
  });

  it("accepts a summary without incidents or scheduled_maintenances keys", () => {
    const s = parseIncidentio({ summary: json("summary-quiet.json") }, PAGE);
    expect(s.status).toBe("operational");
    expect(s.incidents).toEqual([]);
    expect(s.maintenances).toEqual([]);
  });

  it("merges feed entries into JSON incidents by ULID and adds closed ones from the feed", async () => {
    const feed = await readFeed(fixture("history.atom"));
    const s = parseIncidentio({ summary: json("summary.json"), feed }, PAGE);
    expect(s.incidents.map((i) => [i.externalId, i.status])).toEqual([
      ["01KOPEN0000000000000000001", "identified"],
      ["01KOLD00000000000000000002", "resolved"],
    ]);
    const open = s.incidents[0]!;
    // The JSON copy keeps its own two updates; the feed only adds the component names it lacked.
    expect(open.updates).toHaveLength(2);
    expect(open.components).toEqual(["API"]);
    const closed = s.incidents[1]!;
    expect(closed.url).toBe("https://status.acme.test/incidents/01KOLD00000000000000000002");
    expect(iso(closed.resolvedAt)).toBe("2026-02-27T08:15:00.000Z");
    expect(closed.components).toEqual(["Dashboard"]);
  });

  it("reads incident.io's own widget JSON, given as the summary or as proxy", () => {
    for (const s of [parseIncidentio({ summary: json("widget-incidents.json") }, PAGE), parseIncidentio({ proxy: json("widget-incidents.json") }, PAGE)]) {
      const [incident] = s.incidents;
      expect(incident).toMatchObject({ externalId: "01KWIDGET00000000000000001", status: "monitoring", impact: "critical" });
      expect(incident!.updates.map((u) => [u.externalId, u.status, iso(u.at)])).toEqual([
        ["01KWUPD0000000000000000001", "investigating", "2026-03-02T12:00:00.000Z"],
        ["01KWUPD0000000000000000002", "monitoring", "2026-03-02T12:40:00.500Z"],
      ]);
      expect(incident!.updates[0]!.components).toEqual([{ name: "01JCOMP0000000000000000003", to: "major_outage" }]);
      expect(iso(incident!.monitoringAt)).toBe("2026-03-02T12:40:00.500Z");
      const [m] = s.maintenances;
      expect(m).toMatchObject({ externalId: "01KWMAINT00000000000000001", status: "in_progress" });
      expect(iso(m!.scheduledFor)).toBe("2026-03-02T22:00:00.000Z");
      expect(iso(m!.scheduledUntil)).toBe("2026-03-03T00:00:00.000Z");
      expect(m!.updates.map((u) => u.status)).toEqual(["scheduled", "in_progress"]);
    }
  });

  it.each([
    ["https://status.openai.com//incidents/01KHYH2KT8VNWS146V0S09MF29", "01KHYH2KT8VNWS146V0S09MF29"],
    ["https://status.acme.test/incidents/01KX/", "01KX"],
    ["urn:other", "urn:other"],
  ])("ulidOf(%s) = %s", (id, expected) => {
    expect(ulidOf(id)).toBe(expected);
  });

  it.each([
    [{ summary: "oops" }, /not a JSON object/],
    [{ summary: { hello: 1 } }, /not a Statuspage summary/],
    [{ summary: { page: {}, incidents: [{ id: "x", status: "exploded" }] } }, /unknown status/],
    [{ proxy: { incidents: [{ id: "x", updates: [{ published_at: "yesterday-ish" }] }] } }, /no valid time/],
    [{}, /no summary/],
  ])("rejects garbage %#", (payloads, message) => {
    expect(() => parseIncidentio(payloads, PAGE)).toThrow(expect.objectContaining({ kind: "invalid_payload", message: expect.stringMatching(message) }));
  });
});

describe("incidentio.poll over HTTP", () => {
  it("fetches summary and history.atom, treating the missing incidents.json as absent", async () => {
    const server = await serve({
      "/api/v2/summary.json": { body: fixture("summary.json"), contentType: "application/json" },
      "/history.atom": { body: fixture("history.atom"), contentType: "application/atom+xml" },
    });
    try {
      const result = await incidentio.poll(entry("incidentio", `${server.base}/`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents.map((i) => i.externalId)).toEqual(["01KOPEN0000000000000000001", "01KOLD00000000000000000002"]);
      expect(server.hits.sort()).toEqual(["/api/v2/incidents.json", "/api/v2/summary.json", "/history.atom"]);
    } finally {
      await server.close();
    }
  });

  it("fails when summary.json is not JSON", async () => {
    const server = await serve({ "/api/v2/summary.json": { body: "<html>maintenance</html>", contentType: "text/html" } });
    try {
      await expect(incidentio.poll(entry("incidentio", server.base, {}), testContext())).rejects.toMatchObject({
        kind: "invalid_payload",
        message: expect.stringMatching(/summary.json is not JSON/),
      });
    } finally {
      await server.close();
    }
  });
});
