import { computeSla, creditFor, monthBounds, type SlaIncident } from "../../src/sla/compute";
import type { SlaTerms } from "../../src/sla/terms";

const at = (iso: string) => new Date(iso);
const END = at("2026-12-01T00:00:00Z");
const MONTH_S = 30 * 86_400; // November 2026
const terms: SlaTerms = {
  monthlyPercent: 99.9,
  credits: [
    { below: 99.9, creditPercent: 10 },
    { below: 99, creditPercent: 25 },
  ],
  source: "https://example.com/sla",
};

let nextId = 1;
function inc(impact: SlaIncident["impact"], from: string, to: string | null, components: string[] = []): SlaIncident {
  const id = nextId++;
  return { id, title: `incident ${id}`, url: null, impact, startedAt: at(from), resolvedAt: to ? at(to) : null, components };
}

describe("computeSla", () => {
  const cases: Array<{ name: string; incidents: SlaIncident[]; component?: string; now?: Date; down: number; counted: number[] }> = [
    { name: "no incidents", incidents: [], down: 0, counted: [] },
    { name: "a major incident counts fully", incidents: [inc("major", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z")], down: 3600, counted: [3600] },
    { name: "critical counts fully", incidents: [inc("critical", "2026-11-03T10:00:00Z", "2026-11-03T10:30:00Z")], down: 1800, counted: [1800] },
    { name: "minor counts 30 %", incidents: [inc("minor", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z")], down: 1080, counted: [1080] },
    { name: "none does not count and is no evidence", incidents: [inc("none", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z")], down: 0, counted: [] },
    {
      name: "overlaps count once at the highest weight",
      // minor 10:00–12:00, major 11:00–11:30, major 11:15–13:00: major 11:00–13:00 (7200) + minor 10:00–11:00 (1080)
      incidents: [
        inc("minor", "2026-11-03T10:00:00Z", "2026-11-03T12:00:00Z"),
        inc("major", "2026-11-03T11:00:00Z", "2026-11-03T11:30:00Z"),
        inc("major", "2026-11-03T11:15:00Z", "2026-11-03T13:00:00Z"),
      ],
      down: 7200 + 1080,
      counted: [1080, 1800, 5400],
    },
    {
      name: "clipped to the month at both ends",
      incidents: [
        inc("major", "2026-10-31T23:00:00Z", "2026-11-01T01:00:00Z"),
        inc("major", "2026-11-30T23:30:00Z", "2026-12-01T02:00:00Z"),
        inc("major", "2026-10-10T00:00:00Z", "2026-10-11T00:00:00Z"),
      ],
      down: 3600 + 1800,
      counted: [3600, 1800],
    },
    { name: "an open incident counts to the month's end", incidents: [inc("major", "2026-11-30T22:00:00Z", null)], down: 7200, counted: [7200] },
    {
      name: "an open incident in the running month counts to now, and the period is month-to-date",
      incidents: [inc("major", "2026-11-10T00:00:00Z", null)],
      now: at("2026-11-10T06:00:00Z"),
      down: 6 * 3600,
      counted: [6 * 3600],
    },
    {
      name: "with a component: incidents naming it or naming none",
      incidents: [
        inc("major", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z", ["API"]),
        inc("major", "2026-11-04T10:00:00Z", "2026-11-04T11:00:00Z", ["Dashboard"]),
        inc("minor", "2026-11-05T10:00:00Z", "2026-11-05T11:00:00Z"),
      ],
      component: "api",
      down: 3600 + 1080,
      counted: [3600, 1080],
    },
  ];
  it.each(cases)("$name", ({ incidents, component, now, down, counted }) => {
    const r = computeSla({ month: "2026-11", component, incidents, terms, now: now ?? END });
    expect(r.downtimeSeconds).toBe(down);
    expect(r.evidence.map((e) => e.countedSeconds)).toEqual(counted);
    const period = now ? (now.getTime() - at("2026-11-01T00:00:00Z").getTime()) / 1000 : MONTH_S;
    expect(r.availabilityPercent).toBeCloseTo(100 * (1 - down / period), 4);
    expect(r.evidence.reduce((s, e) => s + e.countedSeconds, 0)).toBe(down);
  });

  it("without a component every incident counts, whatever it names", () => {
    const r = computeSla({ month: "2026-11", incidents: [inc("major", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z", ["Dashboard"])], terms, now: END });
    expect(r.downtimeSeconds).toBe(3600);
  });

  it("uses the component's own history for the time it covers, incidents elsewhere", () => {
    // Watched from 15 Nov: partial outage 2 h on 20 Nov. A major incident on 3 Nov (unwatched) counts;
    // a major incident on 20 Nov (watched, history says 2 h partial) is judged by the history.
    const early = inc("major", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z", ["API"]);
    const watched = inc("major", "2026-11-20T09:00:00Z", "2026-11-20T13:00:00Z", ["API"]);
    const r = computeSla({
      month: "2026-11",
      component: "API",
      incidents: [early, watched],
      history: [
        { toStatus: "operational", at: at("2026-11-15T00:00:00Z") },
        { toStatus: "partial_outage", at: at("2026-11-20T10:00:00Z") },
        { toStatus: "operational", at: at("2026-11-20T12:00:00Z") },
      ],
      terms,
      now: END,
    });
    expect(r.downtimeSeconds).toBe(3600 + 0.3 * 7200);
    expect(r.historySeconds).toBe(16 * 86_400);
    expect(r.evidence.map((e) => [e.incidentId, e.countedSeconds])).toEqual([
      [early.id, 3600],
      [watched.id, 0],
    ]);
  });

  it("breach and credit follow the tiers; without terms they are null", () => {
    const big = [inc("major", "2026-11-03T00:00:00Z", "2026-11-03T12:00:00Z")]; // 12 h of 720 h = 98.3333 %
    const r = computeSla({ month: "2026-11", incidents: big, terms, now: END });
    expect(r).toMatchObject({ slaPercent: 99.9, breached: true, creditPercent: 25, availabilityPercent: 98.3333 });
    const small = computeSla({ month: "2026-11", incidents: [inc("major", "2026-11-03T00:00:00Z", "2026-11-03T00:30:00Z")], terms, now: END });
    expect(small).toMatchObject({ breached: false, creditPercent: 0 });
    const none = computeSla({ month: "2026-11", incidents: big, terms: null, now: END });
    expect(none).toMatchObject({ slaPercent: null, breached: null, creditPercent: null, downtimeSeconds: 43_200 });
    expect(creditFor(99.5, terms.credits)).toBe(10);
    expect(creditFor(99.95, terms.credits)).toBe(0);
  });

  it("lists confirmed early-warning outages as observed, never in the figure", () => {
    const r = computeSla({
      month: "2026-11",
      incidents: [],
      episodes: [
        {
          id: 1,
          state: "confirmed",
          suspectedAt: at("2026-11-05T10:00:00Z"),
          confirmedAt: at("2026-11-05T10:05:00Z"),
          endedAt: at("2026-11-05T11:00:00Z"),
          incidentId: null,
        },
        { id: 2, state: "false_alarm", suspectedAt: at("2026-11-06T10:00:00Z"), confirmedAt: null, endedAt: at("2026-11-06T11:00:00Z"), incidentId: null },
        { id: 3, state: "unacknowledged", suspectedAt: at("2026-11-07T10:00:00Z"), confirmedAt: at("2026-11-07T10:05:00Z"), endedAt: null, incidentId: null },
      ],
      terms,
      now: END,
    });
    expect(r.downtimeSeconds).toBe(0);
    expect(r.availabilityPercent).toBe(100);
    expect(r.observed.map((o) => [o.episodeId, o.seconds])).toEqual([
      [1, 3600],
      [3, END.getTime() / 1000 - at("2026-11-07T10:00:00Z").getTime() / 1000],
    ]);
  });

  it("accepts only YYYY-MM months", () => {
    expect(monthBounds("2026-02")).toEqual({ start: at("2026-02-01T00:00:00Z"), end: at("2026-03-01T00:00:00Z") });
    for (const bad of ["2026-13", "2026-1", "26-01", "2026-00", "x"]) expect(monthBounds(bad)).toBeUndefined();
  });
});
