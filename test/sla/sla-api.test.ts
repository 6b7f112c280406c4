import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

const TERMS = {
  monthlyPercent: 99.9,
  credits: [
    { below: 99.9, creditPercent: 10 },
    { below: 99, creditPercent: 25 },
  ],
  source: "https://sla.example.com/terms",
};
const XSS = `<script>alert(1)</script> "Dashboard", down`;
const FORMULA = '=HYPERLINK("http://evil.test","x")';

/** A month of incidents on a Statuspage page, as its incidents.json lists them. */
function incident(id: string, name: string, impact: string, start: string, end: string | null, components: string[]) {
  return {
    id,
    name,
    status: end ? "resolved" : "investigating",
    impact,
    created_at: start,
    started_at: start,
    updated_at: end ?? start,
    resolved_at: end,
    shortlink: `https://stspg.io/${id}`,
    components: components.map((c) => ({ id: `cmp-${c}`, name: c })),
    incident_updates: [
      ...(end ? [{ id: `${id}-r`, status: "resolved", body: "Resolved.", created_at: end, display_at: end, affected_components: [] }] : []),
      { id: `${id}-i`, status: "investigating", body: "Looking into it.", created_at: start, display_at: start, affected_components: [] },
    ],
  };
}

const INCIDENTS = [
  incident("a", "API errors", "major", "2026-11-03T10:00:00Z", "2026-11-03T11:30:00Z", ["API"]),
  incident("b", FORMULA, "minor", "2026-11-03T11:00:00Z", "2026-11-03T13:00:00Z", []),
  incident("c", XSS, "critical", "2026-11-10T08:00:00Z", "2026-11-10T08:45:00Z", ["Dashboard"]),
  incident("d", "Informational notice", "none", "2026-11-12T09:00:00Z", "2026-11-12T15:00:00Z", ["API"]),
  incident("e", "Overnight API outage", "major", "2026-10-31T23:00:00Z", "2026-11-01T00:30:00Z", ["API"]),
  incident("f", "Month-end API outage", "major", "2026-11-30T23:15:00Z", "2026-12-01T01:00:00Z", ["API"]),
  incident("g", "October slowness", "minor", "2026-10-05T00:00:00Z", "2026-10-06T00:00:00Z", ["API"]),
  incident("i", "Dashboard slow", "minor", "2026-11-30T20:00:00Z", null, ["Dashboard"]),
];

describe("GET /api/v1/providers/:id/sla over a month replayed through a Statuspage page", () => {
  let db: TestDatabase;
  let api: TestApi;
  let page: TestServer;
  let deps: PollDeps;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    page = await startServer((_q, r) => void r.writeHead(503).end());
    const pageInfo = { id: "acme", name: "Acme", url: page.url, time_zone: "Etc/UTC", updated_at: "2026-12-01T01:00:00Z" };
    const components = ["API", "Dashboard"].map((n) => ({
      id: `cmp-${n}`,
      name: n,
      status: n === "Dashboard" ? "degraded_performance" : "operational",
      group: false,
      group_id: null,
      updated_at: "2026-12-01T01:00:00Z",
    }));
    page.setHandler(
      jsonRoutes({
        "/api/v2/summary.json": {
          page: pageInfo,
          status: { indicator: "minor", description: "Minor Service Outage" },
          components,
          incidents: INCIDENTS.filter((i) => i.status !== "resolved"),
          scheduled_maintenances: [],
        },
        "/api/v2/incidents.json": { page: pageInfo, incidents: INCIDENTS },
        "/api/v2/scheduled-maintenances.json": { page: pageInfo, scheduled_maintenances: [] },
      }),
    );
    deps = await pollDeps(db.prisma, [{ ...entry("acme", "statuspage", page.url), sla: TERMS }, entry("plain", "statuspage", `${page.url}/plain`)]);
    expect((await pollProvider(deps, entry("acme", "statuspage", page.url))).result).toBe("updated");
    // A confirmed early-warning outage: listed as observed, never in the figure.
    await db.prisma.outageEpisode.create({
      data: {
        providerId: "acme",
        state: "confirmed",
        suspectedAt: new Date("2026-11-20T10:00:00Z"),
        openedAt: new Date("2026-11-20T10:01:00Z"),
        lastAbnormalAt: new Date("2026-11-20T10:30:00Z"),
        confirmedAt: new Date("2026-11-20T10:05:00Z"),
        endedAt: new Date("2026-11-20T11:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await page.close();
    await db.drop();
  });

  it("matches the hand computation for the whole provider, to the minute", async () => {
    const res = await api.get("/api/v1/providers/acme/sla?month=2026-11");
    expect(res.status).toBe(200);
    const d = res.body.data;
    // a 90 min + b 90 min × 0.3 after a ends (27) + c 45 + e 30 (clipped) + f 45 (clipped)
    // + i open 20:00 → month end, 240 min of which f (major) covers the last 45: 195 × 0.3 (58.5) = 295.5 min
    expect(d.downtimeSeconds / 60).toBe(295.5);
    // 30 days = 43 200 min: 1 − 295.5 / 43 200 = 99.31597… %
    expect(d.availabilityPercent).toBe(99.316);
    expect(d).toMatchObject({ month: "2026-11", slaPercent: 99.9, breached: true, creditPercent: 10 });
    const byTitle = Object.fromEntries(d.evidence.map((e: { title: string; countedSeconds: number }) => [e.title, e.countedSeconds / 60]));
    expect(byTitle).toEqual({ "Overnight API outage": 30, "API errors": 90, [FORMULA]: 27, [XSS]: 45, "Dashboard slow": 58.5, "Month-end API outage": 45 });
    const e = d.evidence.find((x: { title: string }) => x.title === "Overnight API outage");
    expect(e).toMatchObject({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T00:30:00.000Z", impact: "major", url: `${page.url}/incidents/e` });
    expect(d.observed).toEqual([
      expect.objectContaining({ state: "confirmed", from: "2026-11-20T10:00:00.000Z", to: "2026-11-20T11:00:00.000Z", seconds: 3600 }),
    ]);
  });

  it("with a component counts the incidents naming it or naming none", async () => {
    const d = (await api.get("/api/v1/providers/acme/sla?month=2026-11&component=API")).body.data;
    // a 90 + b 27 + e 30 + f 45 = 192 min; 1 − 192 / 43 200 = 99.55556 %
    expect(d.downtimeSeconds / 60).toBe(192);
    expect(d.availabilityPercent).toBe(99.5556);
    expect(d.evidence.map((e: { title: string }) => e.title).sort()).toEqual(["API errors", "Month-end API outage", "Overnight API outage", FORMULA].sort());
  });

  it("gives the same rows as CSV, with formula cells neutralised", async () => {
    const json = (await api.get("/api/v1/providers/acme/sla?month=2026-11")).body.data.evidence;
    const res = await fetch(`${api.url}/api/v1/providers/acme/sla?month=2026-11&format=csv`);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("incidentId,title,url,from,to,impact,countedSeconds");
    expect(lines).toHaveLength(json.length + 1);
    const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
    json.forEach((row: Record<string, unknown>, k: number) => {
      const line = lines[k + 1]!;
      expect(line.startsWith(`${row.incidentId},`)).toBe(true);
      expect(line.endsWith(`,${row.from},${row.to},${row.impact},${row.countedSeconds}`)).toBe(true);
      const title = unquote(
        line.slice(String(row.incidentId).length + 1, line.length - `,${row.url},${row.from},${row.to},${row.impact},${row.countedSeconds}`.length),
      );
      expect(title).toBe(String(row.title).startsWith("=") ? `'${row.title}` : row.title);
    });
  });

  it("renders a printable, escaped, script-free page", async () => {
    const res = await fetch(`${api.url}/providers/acme/sla?month=2026-11`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("99.316 %");
    expect(html).toContain("https://sla.example.com/terms");
  });

  it("answers a provider without SLA with availability and slaPercent null", async () => {
    const d = (await api.get("/api/v1/providers/plain/sla?month=2026-11")).body.data;
    expect(d).toMatchObject({ slaPercent: null, availabilityPercent: 100, downtimeSeconds: 0, breached: null, creditPercent: null, evidence: [] });
  });

  it("refuses a bad month with problem+json and answers 404 for an unknown provider", async () => {
    for (const month of ["2026-13", "2026-1", "november", "2999-01"]) {
      const res = await api.get(`/api/v1/providers/acme/sla?month=${month}`);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await api.get("/api/v1/providers/acme/sla")).status).toBe(400);
    expect((await api.get("/api/v1/providers/nope/sla?month=2026-11")).status).toBe(404);
    expect((await fetch(`${api.url}/providers/nope/sla?month=2026-11`)).status).toBe(404);
    expect((await fetch(`${api.url}/providers/acme/sla?month=bad`)).status).toBe(400);
  });
});
