import { readFileSync } from "node:fs";
import path from "node:path";
import { incidentio } from "../../src/sources/incidentio";
import { parseIncidentio } from "../../src/sources/incidentio/parse";
import { parseWidgetSummary } from "../../src/sources/incidentio/widget";
import { entry, serve, testContext } from "./local-server";

const widget = readFileSync(path.join(__dirname, "../fixtures/incidentio/widget-summary.json"), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("incident.io widget API summary (/api/v1/summary)", () => {
  const s = parseWidgetSummary(JSON.parse(widget));

  it("reads ongoing incidents with their latest update, impact and affected components, times in UTC", () => {
    expect(s.incidents).toHaveLength(1);
    const i = s.incidents[0]!;
    expect(i).toMatchObject({
      externalId: "01JWIDGET00000000000000001",
      title: "Elevated errors on the Chat API",
      status: "identified",
      impact: "critical",
      components: ["Chat API", "Files"],
    });
    expect(i.updates.map((u) => [u.status, u.body, iso(u.at)])).toEqual([
      ["identified", "We found the cause & are rolling out a fix.", "2026-06-02T12:05:00.000Z"],
    ]);
    expect(s.skipped).toEqual(["an incident.io ongoing incident has no id"]);
  });

  it("makes the affected components the page's components, worst first for the overall status", () => {
    expect(s.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["Chat API", "APIs", "major_outage"],
      ["Files", undefined, "degraded_performance"],
    ]);
    expect(s.componentsExhaustive).toBe(true);
    expect(s.status).toBe("major_outage");
  });

  it("reads in-progress and scheduled maintenances with their windows", () => {
    expect(s.maintenances.map((m) => [m.title, m.status, iso(m.scheduledFor), iso(m.scheduledUntil)])).toEqual([
      ["Database upgrade", "in_progress", "2026-06-02T11:00:00.000Z", "2026-06-02T13:00:00.000Z"],
      ["Network maintenance", "scheduled", "2026-06-10T22:00:00.000Z", "2026-06-11T02:00:00.000Z"],
    ]);
  });

  it("takes an empty summary as all clear", () => {
    const quiet = parseWidgetSummary({ page_title: "Quiet", ongoing_incidents: [], in_progress_maintenances: [], scheduled_maintenances: [] });
    expect(quiet).toMatchObject({ status: "operational", components: [], incidents: [], maintenances: [] });
  });

  it("is recognised when a page serves it in place of summary.json", () => {
    const viaKind = parseIncidentio({ summary: JSON.parse(widget) }, "https://status.example-ai.test");
    expect(viaKind.incidents.map((i) => i.externalId)).toEqual(["01JWIDGET00000000000000001"]);
  });

  it("is fetched from /api/v1/summary when the page has no /api/v2/summary.json", async () => {
    const server = await serve({ "/api/v1/summary": { body: widget, contentType: "application/json" } });
    try {
      const result = await incidentio.poll(entry("ex", server.base, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents.map((i) => i.status)).toEqual(["identified"]);
      expect(server.hits).toContain("/api/v1/summary");
    } finally {
      await server.close();
    }
  });

  it("fails clearly when neither summary exists", async () => {
    const server = await serve({});
    try {
      await expect(incidentio.poll(entry("ex", server.base, {}), testContext())).rejects.toThrow("neither /api/v2/summary.json nor /api/v1/summary");
    } finally {
      await server.close();
    }
  });
});
