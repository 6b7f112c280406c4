import { readFileSync } from "node:fs";
import path from "node:path";
import { buildMessage } from "../../src/notify/message";
import { pollProvider } from "../../src/poller/poll-provider";
import { downdetector } from "../../src/sources/downdetector";
import { readReportSignal, snapshotFromReports } from "../../src/sources/downdetector/parse";
import { SourceError } from "../../src/sources/errors";
import { freshDatabase } from "../support/db";
import { startServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/downdetector", name), "utf8");
const point = (at: string, reports: number, baseline: number) => ({ at: new Date(at), reports, baseline });

describe("readReportSignal", () => {
  it("reads a DownDetector page's chart data from escaped Next.js page data, oldest first, in UTC", () => {
    const s = readReportSignal(fixture("example-ai-danger.html"));
    expect(s.points.map((p) => [p.at.toISOString(), p.reports, p.baseline])).toEqual([
      ["2026-06-01T10:00:00.000Z", 2, 3],
      ["2026-06-01T10:15:00.000Z", 3, 3],
      ["2026-06-01T10:30:00.000Z", 4, 3],
      ["2026-06-01T10:45:00.000Z", 41, 3],
      ["2026-06-01T11:00:00.000Z", 187, 4],
    ]);
    expect(s.pageStatus).toBe("danger");
    expect(s.indicators[0]).toEqual({ name: "API errors", percentage: 64.2 });
  });

  it("reads a JSON document of report counts", () => {
    const s = readReportSignal(fixture("report-counts.json"));
    expect(s.points.map((p) => p.reports)).toEqual([1, 12]);
    expect(s.pageStatus).toBeUndefined();
  });

  it.each([
    ["an HTML page with no chart", "<html><body>Cloudflare says: checking your browser</body></html>"],
    ["JSON without points", '{"hello":"world"}'],
    ["truncated JSON", '{"points":[{"at":"2026-'],
    ["points without counts", '[{"at":"2026-06-01T10:00:00Z"}]'],
  ])("rejects %s with an invalid_payload error", (_what, text) => {
    expect(() => readReportSignal(text)).toThrow(SourceError);
    expect(() => readReportSignal(text)).toThrow(expect.objectContaining({ kind: "invalid_payload" }));
  });
});

describe("snapshotFromReports", () => {
  const judge = (reports: number, baseline: number, pageStatus?: string) =>
    snapshotFromReports({ points: [point("2026-06-01T10:00:00Z", reports, baseline)], pageStatus, indicators: [] }).components[0]!.status;

  it.each([
    [5, 0, "operational"],
    [9, 1, "operational"],
    [12, 2, "major_outage"],
    [12, 4, "degraded_performance"],
    [11, 4, "operational"],
    [40, 5, "major_outage"],
  ])("judges %i reports against a baseline of %i as %s", (reports, baseline, status) => {
    expect(judge(reports, baseline)).toBe(status);
  });

  it("takes the page's own verdict when it gives one", () => {
    expect(judge(4, 2, "warning")).toBe("degraded_performance");
    expect(judge(4, 2, "danger")).toBe("major_outage");
    expect(judge(400, 2, "success")).toBe("operational");
  });

  it("reports the latest interval as a User reports component, with what users say is broken", () => {
    const s = snapshotFromReports(readReportSignal(fixture("example-ai-danger.html")));
    expect(s.status).toBe("major_outage");
    const description = "187 user reports in the latest interval (usually 4); most reported: API errors (64 %)";
    expect(s.components).toEqual([
      { externalId: "user-reports", name: "User reports", status: "major_outage", description, updatedAt: new Date("2026-06-01T11:00:00Z") },
    ]);
    expect(s.statusDescription).toBe(description);
  });

  it("honours minReports and factor from the catalog entry", () => {
    const s = readReportSignal(fixture("report-counts.json"));
    expect(snapshotFromReports(s).status).toBe("major_outage");
    expect(snapshotFromReports(s, { minReports: 20 }).status).toBe("operational");
    expect(snapshotFromReports(s, { factor: 5 }).status).toBe("degraded_performance");
    expect(downdetector.options.safeParse({ minReports: 0 }).success).toBe(false);
  });
});

describe("downdetector source through the timeline", () => {
  it("turns a surge of user reports into a component change before any incident exists", async () => {
    const db = await freshDatabase();
    let body = JSON.stringify([{ at: "2026-06-01T10:00:00Z", reports: 2, baseline: 3 }]);
    const server = await startServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end(body));
    try {
      const e = entry("example-reports", "downdetector", `${server.url}/status/example-ai`);
      const deps = await pollDeps(db.prisma, [e]);
      expect((await pollProvider(deps, e)).result).toBe("updated");
      body = fixture("example-ai-danger.html");
      expect((await pollProvider(deps, e)).result).toBe("updated");
      const events = await db.prisma.event.findMany({ where: { providerId: "example-reports", backfill: false }, orderBy: { id: "asc" } });
      // In the order they happened: the latest interval's surge, then the page's summary as polled.
      expect(events.map((ev) => `${ev.kind}:${ev.fromStatus}>${ev.toStatus}`)).toEqual([
        "component_status_changed:operational>major_outage",
        "provider_status_changed:operational>major_outage",
      ]);
      expect(await db.prisma.incident.count()).toBe(0);
      // The alert says why: the numbers travel with the event into the message.
      const message = await buildMessage(db.prisma, events[0]!.id, "http://statuswatch.test");
      expect(message).toMatchObject({ title: "User reports", tag: "Major outage", transition: "Operational → Major outage" });
      expect(message.latestUpdate).toBe("187 user reports in the latest interval (usually 4); most reported: API errors (64 %)");
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
