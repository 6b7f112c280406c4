import { renderDashboard, renderDashboardParts } from "../../src/dashboard/page";
import { partsToBuffer } from "../../src/dashboard/parts";
import type { DashboardData } from "../../src/services/dashboard";
import type { ProviderView } from "../../src/services/providers";
import type { DayBar } from "../../src/uptime/bars";

const day = (i: number, worst: DayBar["worst"]): DayBar => ({
  date: `2026-11-${String(i + 1).padStart(2, "0")}`,
  worst,
  uptimePercent: worst === null ? null : worst === "operational" ? 100 : 91.5,
  downtimeSeconds: worst === "major_outage" ? 7200 : 0,
  observedSeconds: worst === null ? 0 : 86_400,
});

function provider(id: string, name: string, stored: readonly DayBar[], today: DayBar): DashboardData["providers"][number] {
  const view: ProviderView = {
    id,
    name,
    kind: "statuspage",
    url: `https://${id}.test`,
    category: "cloud",
    status: "operational",
    statusDescription: "Ça va <b>bien</b>",
    lastPolledAt: null,
    lastSuccessAt: new Date("2026-12-01T00:00:00Z"),
    lastError: null,
    consecutiveFailures: 0,
    sourceHealth: "ok",
    formatChange: null,
    enabled: true,
    pollIntervalSeconds: 60,
    origin: "default",
    sla: null,
  };
  return {
    ...view,
    bars: { runs: [stored, [today]], uptimePercent: 99.5, observedSeconds: 30 * 86_400 },
    grade: null,
    trouble: { components: [], componentsLast24h: false, incidentOpen: false, incidentLast24h: false },
    suspected: false,
  };
}

function data(providers: DashboardData["providers"]): DashboardData {
  return {
    generatedAt: new Date("2026-12-02T07:00:00Z"),
    filter: {},
    categories: [{ name: "cloud", count: providers.length }],
    all: providers,
    providers,
    suspectedOutages: [],
    openIncidents: [],
    activeMaintenances: [],
    upcomingMaintenances: [],
    recent: [],
  };
}

describe("the dashboard sent as parts", () => {
  const stored = Array.from({ length: 29 }, (_, i) => day(i, i % 7 === 3 ? "major_outage" : i < 5 ? null : "operational"));
  const page = data([
    provider("a", "Zürich ☁ <script>alert(1)</script>", stored, day(29, "degraded_performance")),
    provider("b", "Bee", stored.slice(1), day(29, "operational")),
  ]);

  it("sends exactly the bytes of the page as one string, multi-byte text included", () => {
    const bytes = partsToBuffer(renderDashboardParts(page));
    const text = renderDashboard(page);
    expect(bytes.equals(Buffer.from(text))).toBe(true);
    expect(text).toContain("Zürich ☁ &lt;script&gt;");
    expect(text).toContain(`<li class=x data-date=2026-11-04 title="2026-11-04: worst major outage, 91.50 % up, 2.0 h weighted downtime">`);
    expect(text.match(/data-date=/g)).toHaveLength(29 + 1 + 28 + 1);
    // A good day watched all day and a day never observed say all with their class: no title.
    expect(text).toContain("<li class=n data-date=2026-11-01><li class=n data-date=2026-11-02>");
    expect(text).toContain("<li data-date=2026-11-06><li data-date=2026-11-07>");
    // Watched all day: the title does not say so.
    expect(text).toContain('<li class=d data-date=2026-11-30 title="2026-11-30: worst degraded, 91.50 % up">');
  });

  it("encodes a run of stored days once and sends those bytes again", () => {
    const first = renderDashboardParts(page).filter((p) => Buffer.isBuffer(p));
    const second = renderDashboardParts(page).filter((p) => Buffer.isBuffer(p));
    expect(first).toHaveLength(2);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
  });
});
