import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { statuspage } from "../../src/sources/statuspage";
import { parseStatuspage } from "../../src/sources/statuspage/parse";
import { jsonRoutes, startServer } from "../support/http-server";
import { entry, testHttp } from "../support/providers";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));

describe("parseStatuspage", () => {
  const snap = parseStatuspage({ summary: fixture("acme-summary.json"), incidents: fixture("acme-incidents.json") }, "https://status.acme.test");

  it("reads the page status and leaf components with their group, skipping group rows", () => {
    expect(snap.status).toBe("partial_outage");
    expect(snap.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["REST API", "Core Platform", "partial_outage"],
      ["Dashboard", "Core Platform", "operational"],
      ["Webhooks", undefined, "degraded_performance"],
    ]);
  });

  it("merges incidents from summary and incidents.json, with UTC times and updates oldest first", () => {
    expect(snap.incidents.map((i) => i.externalId).sort()).toEqual(["inc-old", "inc-open"]);
    const open = snap.incidents.find((i) => i.externalId === "inc-open")!;
    expect(open).toMatchObject({
      title: "Elevated API error rates 🚨",
      status: "identified",
      impact: "major",
      url: "https://status.acme.test/incidents/inc-open",
    });
    expect(open.startedAt.toISOString()).toBe("2026-03-08T16:30:00.000Z");
    expect(open.updates.map((u) => [u.status, u.at.toISOString()])).toEqual([
      ["investigating", "2026-03-08T16:38:00.000Z"],
      ["identified", "2026-03-08T17:15:00.000Z"],
    ]);
    expect(open.identifiedAt?.toISOString()).toBe("2026-03-08T17:15:00.000Z");
  });

  it("keeps GitHub's undocumented 'update' status as a label carrying the previous status", () => {
    const old = snap.incidents.find((i) => i.externalId === "inc-old")!;
    expect(old.updates.map((u) => `${u.status}${u.label ? `(${u.label})` : ""}`)).toEqual(["investigating", "monitoring", "monitoring(update)", "resolved"]);
    expect(old.resolvedAt?.toISOString()).toBe("2026-02-28T09:20:00.000Z");
    expect(old.monitoringAt?.toISOString()).toBe("2026-02-28T08:40:00.000Z");
  });

  it("reads scheduled maintenances with 'maintenance' impact normalized", () => {
    expect(snap.maintenances).toHaveLength(1);
    expect(snap.maintenances[0]).toMatchObject({ title: "Database upgrade", status: "scheduled", impact: "none" });
    expect(snap.maintenances[0]!.scheduledFor?.toISOString()).toBe("2026-03-20T09:00:00.000Z");
  });

  it.each([
    ["an array", []],
    ["a string", "<html>"],
    ["an object that is no summary", { hello: "world" }],
    ["an incident with an unknown status", { page: {}, incidents: [{ id: "x", status: "exploded", incident_updates: [] }] }],
    [
      "an update without a time",
      {
        page: {},
        incidents: [{ id: "x", status: "investigating", created_at: "2026-01-01T00:00:00Z", incident_updates: [{ id: "u", status: "investigating" }] }],
      },
    ],
  ])("rejects %s with an invalid_payload error", (_what, summary) => {
    let caught: unknown;
    try {
      parseStatuspage({ summary }, "https://x.test");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SourceError);
    expect((caught as SourceError).kind).toBe("invalid_payload");
  });

  describe("one unreadable item among good ones", () => {
    const good = fixture("acme-incidents.json").incidents as object[];
    const at = "2026-03-09T10:00:00Z";

    it("is left out with its reason, and the other incidents stand", () => {
      const s = parseStatuspage(
        { summary: fixture("acme-summary.json"), incidents: { incidents: [...good, { id: "odd", status: "exploded", incident_updates: [] }] } },
        "https://x.test",
      );
      expect(s.incidents.map((i) => i.externalId).sort()).toEqual(["inc-old", "inc-open"]);
      expect(s.skipped).toEqual(['incident odd has unknown status "exploded"']);
    });

    it("takes an unknown incident status from its latest update that has a known one", () => {
      const odd = {
        id: "odd",
        name: "Custom workflow",
        status: "awaiting_vendor",
        created_at: at,
        incident_updates: [
          { id: "u2", status: "awaiting_vendor", body: "Waiting", created_at: "2026-03-09T10:30:00Z" },
          { id: "u1", status: "identified", body: "Found it", created_at: at },
        ],
      };
      const s = parseStatuspage({ summary: { page: {}, incidents: [odd] } }, "https://x.test");
      expect(s.skipped).toBeUndefined();
      expect(s.incidents[0]).toMatchObject({ status: "identified" });
      expect(s.incidents[0]!.updates.map((u) => [u.status, u.label])).toEqual([
        ["identified", undefined],
        ["identified", "awaiting_vendor"],
      ]);
    });

    it("is read as a maintenance when incidents.json lists a maintenance", () => {
      const maintenance = {
        id: "mx1",
        name: "Database upgrade window",
        status: "completed",
        impact: "maintenance",
        scheduled_for: "2026-03-10T01:00:00Z",
        scheduled_until: "2026-03-10T03:00:00Z",
        resolved_at: "2026-03-10T02:40:00Z",
        incident_updates: [
          { id: "m3", status: "completed", body: "Done", created_at: "2026-03-10T02:40:00Z" },
          { id: "m2", status: "in_progress", body: "Started", created_at: "2026-03-10T01:00:00Z" },
          { id: "m1", status: "scheduled", body: "Planned", created_at: "2026-03-01T09:00:00Z" },
        ],
      };
      const s = parseStatuspage({ summary: fixture("acme-summary.json"), incidents: { incidents: [...good, maintenance] } }, "https://x.test");
      expect(s.skipped).toBeUndefined();
      expect(s.incidents.map((i) => i.externalId).sort()).toEqual(["inc-old", "inc-open"]);
      const m = s.maintenances.find((x) => x.externalId === "mx1");
      expect(m).toMatchObject({ title: "Database upgrade window", status: "completed", impact: "none" });
      expect(m!.startedAt?.toISOString()).toBe("2026-03-10T01:00:00.000Z");
      expect(m!.completedAt?.toISOString()).toBe("2026-03-10T02:40:00.000Z");
    });

    it("is left out of maintenances the same way", () => {
      const s = parseStatuspage(
        { summary: fixture("acme-summary.json"), maintenances: { scheduled_maintenances: [{ id: "m-odd", status: "pondering" }] } },
        "https://x.test",
      );
      expect(s.maintenances.map((m) => m.externalId)).toEqual(["mnt-1"]);
      expect(s.skipped).toEqual(['maintenance m-odd has unknown status "pondering"']);
    });
  });
});

describe("statuspage source", () => {
  it("fetches the three documents, then answers unchanged when all revalidate with 304", async () => {
    const server = await startServer(
      jsonRoutes({
        "/api/v2/summary.json": fixture("acme-summary.json"),
        "/api/v2/incidents.json": fixture("acme-incidents.json"),
        "/api/v2/scheduled-maintenances.json": fixture("acme-maintenances.json"),
      }),
    );
    try {
      const http = testHttp();
      const first = await statuspage.poll(entry("acme", "statuspage", server.url + "/"), { http, validators: {}, now: new Date() });
      expect(first.kind).toBe("snapshot");
      if (first.kind !== "snapshot") return;
      expect(first.snapshot.incidents).toHaveLength(2);
      expect(server.requests.map((r) => r.url).sort()).toEqual(["/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json", "/api/v2/summary.json"]);
      expect(server.requests[0]!.headers["user-agent"]).toMatch(/statuswatch/);
      const second = await statuspage.poll(entry("acme", "statuspage", server.url), { http, validators: first.validators, now: new Date() });
      expect(second.kind).toBe("unchanged");
      expect(server.requests.slice(3).every((r) => typeof r.headers["if-none-match"] === "string")).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("treats missing incidents.json and scheduled-maintenances.json as absent, not as failures", async () => {
    const server = await startServer(jsonRoutes({ "/api/v2/summary.json": fixture("acme-summary.json") }));
    try {
      const r = await statuspage.poll(entry("acme", "statuspage", server.url), { http: testHttp(), validators: {}, now: new Date() });
      expect(r.kind === "snapshot" && r.snapshot.incidents.map((i) => i.externalId)).toEqual(["inc-open"]);
    } finally {
      await server.close();
    }
  });
});
