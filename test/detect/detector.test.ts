import { judge } from "../../src/detect/detector";
import { DEFAULT_SETTINGS } from "../../src/detect/settings";
import type { CrowdPoint, DetectorInput, OwnReport } from "../../src/detect/types";

const T0 = Date.UTC(2026, 4, 12, 9, 0); // a Tuesday
const at = (min: number) => new Date(T0 + min * 60_000);

/** Quarter-hour points ending at minute `end` (the last value at `end`). */
function series(values: number[], opts: { end?: number; baseline?: number; step?: number } = {}): CrowdPoint[] {
  const end = opts.end ?? 0;
  const step = opts.step ?? 15;
  return values.map((reports, i) => ({
    at: at(end - (values.length - 1 - i) * step),
    reports,
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
  }));
}

/** Days of history before T0: `value(dayIndex, minuteOfDay)` per quarter hour. */
function history(days: number, value: (day: number, minuteOfDay: number) => number): CrowdPoint[] {
  const out: CrowdPoint[] = [];
  for (let d = days; d >= 1; d--) {
    for (let m = 0; m < 1440; m += 15) out.push({ at: new Date(T0 - d * 86_400_000 + (m - 540) * 60_000), reports: value(d, m) });
  }
  return out;
}

const reporters = (...list: Array<[string, number]>): OwnReport[] => list.map(([reporter, min]) => ({ reporter, at: at(min), symptom: "down" }));

function input(extra: Partial<DetectorInput>): DetectorInput {
  return { now: at(1), crowd: [], reports: [], probes: [], componentChanges: [], openIncident: false, ...extra };
}

const QUIET = [1, 0, 2, 1, 1, 0, 1, 2];

describe("judge", () => {
  it.each<{ name: string; in: Partial<DetectorInput>; state: string; since?: number; onset?: number; text?: RegExp; signals?: string[] }>([
    { name: "nothing at all is ok", in: {}, state: "ok", signals: [] },
    { name: "a lone bump of 7 on a baseline of 1 is not an outage", in: { crowd: series([...QUIET, 7], { baseline: 1 }) }, state: "ok", signals: [] },
    {
      name: "bumps of 5, 6, 7 in a row on a baseline of 1 stay below the minimum count",
      in: { crowd: series([...QUIET, 5, 6, 7], { baseline: 1 }) },
      state: "ok",
      signals: [],
    },
    {
      name: "9 on a baseline of 2 (the real Google series' largest point) is not an outage",
      in: { crowd: series([2, 3, 6, 9], { baseline: 2 }) },
      state: "ok",
      signals: [],
    },
    {
      name: "a real spike fires on its first point: 187 where 4 are usual",
      in: { crowd: series([3, 5, 4, 187], { baseline: 4 }) },
      state: "suspected",
      since: 0,
      onset: 0,
      signals: ["crowd"],
      text: /^187 reports in 15 min, usually 4 \(p < 1e-\d+\)$/,
    },
    {
      name: "one moderately elevated point (12 on 2) is partial evidence, not yet an outage",
      in: { crowd: series([2, 1, 3, 12], { baseline: 2 }) },
      state: "ok",
      signals: ["crowd"],
      text: /one interval so far/,
    },
    {
      name: "a moderate spike sustained for two points fires at the second; its onset is the first",
      in: { crowd: series([2, 1, 12, 14], { baseline: 2 }) },
      state: "suspected",
      since: 0,
      onset: -15,
      signals: ["crowd"],
      text: /^14 reports in 15 min, usually 2 \(p < 1e-\d+\); elevated for 2 intervals since 08:45 UTC$/,
    },
    {
      name: "a late poll that sees a long run keeps the crossing where it happened",
      in: { crowd: series([2, 12, 14, 13, 15], { baseline: 2 }) },
      state: "suspected",
      since: -30,
      onset: -45,
      signals: ["crowd"],
    },
    {
      name: "a point strong enough fires inside a run that had not yet sustained",
      in: { crowd: series([2, 12, 60], { baseline: 2 }) },
      state: "suspected",
      since: 0,
      onset: -15,
      signals: ["crowd"],
    },
    {
      name: "a ramp whose latest point is only mildly high fires when the window's sum is far beyond usual",
      in: { crowd: series([1, 2, 9, 18], { baseline: 2 }) },
      state: "suspected",
      since: 0,
      onset: 0,
      signals: ["crowd"],
    },
    {
      name: "a gap longer than crowdMaxGapMs breaks the run",
      in: {
        crowd: [
          { at: at(-60), reports: 12, baseline: 2 },
          { at: at(0), reports: 14, baseline: 2 },
        ],
      },
      state: "ok",
      signals: ["crowd"],
    },
    { name: "a source baseline of 0 is floored at 1: 8 reports is nothing", in: { crowd: series([0, 0, 8], { baseline: 0 }) }, state: "ok", signals: [] },
    { name: "…and 30 reports is an outage", in: { crowd: series([0, 0, 30], { baseline: 0 }) }, state: "suspected", since: 0, signals: ["crowd"] },
    { name: "a stale series says nothing about now", in: { now: at(120), crowd: series([3, 187], { baseline: 4 }) }, state: "ok", signals: [] },
    { name: "points after now are not read", in: { now: at(-10), crowd: series([3, 4, 187], { baseline: 4 }) }, state: "ok", signals: [] },
    {
      name: "3 distinct own reporters within 10 minutes fire at the third",
      in: { reports: reporters(["a", -9], ["b", -5], ["c", -2]) },
      state: "suspected",
      since: -2,
      signals: ["reports"],
      text: /^3 of your people reported a problem in the last 10 min \(down ×3\)$/,
    },
    {
      name: "one reporter a thousand times is one reporter",
      in: { reports: Array.from({ length: 1000 }, (_, i) => ({ reporter: "a", at: at(-i / 200) })) },
      state: "ok",
      signals: ["reports"],
    },
    {
      name: "3 reporters spread over 20 minutes are not 3 within the window",
      in: { reports: reporters(["a", -19], ["b", -12], ["c", -1]) },
      state: "ok",
      signals: ["reports"],
    },
    {
      name: "3 of the last 5 probes failing fire at the third failure",
      in: { probes: [true, false, true, false, false].map((ok, i) => ({ ok, at: at(-8 + 2 * i), probe: "api" })) },
      state: "suspected",
      since: 0,
      signals: ["probe"],
      text: /^3 of the last 5 probes failed \(api ×3\)$/,
    },
    {
      name: "2 failing probes of 5 are not enough",
      in: { probes: [true, false, true, true, false].map((ok, i) => ({ ok, at: at(-8 + 2 * i) })) },
      state: "ok",
      signals: ["probe"],
    },
    {
      name: "an official component turned major outage with no incident",
      in: { componentChanges: [{ at: at(-20), component: "API", from: "operational", to: "major_outage" }] },
      state: "suspected",
      since: -20,
      signals: ["component"],
      text: /^API major outage on the status page, with no incident$/,
    },
    {
      name: "a component that recovered since says nothing",
      in: {
        componentChanges: [
          { at: at(-20), component: "API", from: "operational", to: "major_outage" },
          { at: at(-5), component: "API", from: "major_outage", to: "operational" },
        ],
      },
      state: "ok",
      signals: [],
    },
    { name: "an open incident alone is confirmed", in: { openIncident: true }, state: "confirmed", signals: [] },
    {
      name: "an open incident with a spike is confirmed, and keeps the signal's crossing",
      in: {
        openIncident: true,
        crowd: series([3, 187], { baseline: 4 }),
        componentChanges: [{ at: at(-5), component: "API", from: "operational", to: "major_outage" }],
      },
      state: "confirmed",
      since: 0,
      signals: ["crowd"],
    },
    {
      name: "two weak signals together cross: 2 reporters and one elevated crowd point",
      in: { crowd: series([2, 1, 12], { baseline: 2, end: -15 }), reports: reporters(["a", -8], ["b", -3]) },
      state: "suspected",
      since: -3,
      signals: ["crowd", "reports"],
    },
  ])("$name", (c) => {
    const j = judge(input(c.in));
    expect(j.state).toBe(c.state);
    if (c.signals) expect(j.reasons.map((r) => r.signal).sort()).toEqual([...c.signals].sort());
    expect(j.since?.getTime()).toBe(c.since === undefined ? undefined : at(c.since).getTime());
    if (c.onset !== undefined) expect(j.onset?.getTime()).toBe(at(c.onset).getTime());
    if (c.text) expect(j.reasons[0]!.text).toMatch(c.text);
    expect(j.confidence).toBeGreaterThanOrEqual(0);
    expect(j.confidence).toBeLessThanOrEqual(1);
    if (j.state === "suspected") expect(j.confidence).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.suspectThreshold);
    if (j.state === "ok") expect(j.confidence).toBeLessThan(DEFAULT_SETTINGS.suspectThreshold);
  });

  it("confidence grows with the evidence and an open incident raises it", () => {
    const weak = judge(input({ crowd: series([2, 12, 14], { baseline: 2 }) }));
    const strong = judge(input({ crowd: series([2, 120, 187], { baseline: 2 }) }));
    const both = judge(input({ crowd: series([2, 12, 14], { baseline: 2 }), reports: reporters(["a", -8], ["b", -5], ["c", -2]) }));
    const official = judge(input({ crowd: series([2, 12, 14], { baseline: 2 }), openIncident: true }));
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
    expect(both.confidence).toBeGreaterThan(weak.confidence);
    expect(official.confidence).toBeGreaterThan(weak.confidence);
    expect(judge(input({ openIncident: true })).confidence).toBe(DEFAULT_SETTINGS.officialWeight);
  });

  it("without a source baseline, the same time-of-day slot of past days is the baseline, robust to a past outage there", () => {
    // Busy at 09:00 (about 60), quiet otherwise (about 2); on 4 of 14 days an outage of 400 at 09:00.
    const h = history(14, (d, m) => (m >= 510 && m <= 570 ? ([3, 6, 9, 12].includes(d) ? 400 : 60) : 2));
    const busy = judge(input({ crowd: series([55, 62, 150]), crowdHistory: h }));
    expect(busy.state).toBe("ok"); // 150 is 2.5× the slot's 60
    expect(judge(input({ crowd: series([60, 58, 400]), crowdHistory: h })).state).toBe("ok"); // 6.7×: one point is not enough at this size
    const spike = judge(input({ crowd: series([60, 58, 600]), crowdHistory: h }));
    expect(spike.state).toBe("suspected");
    expect(spike.reasons[0]!.text).toMatch(/usually 60 /);
    // At a quiet hour, 40 is a strong spike.
    const night = judge(input({ now: at(-539), crowd: series([2, 1, 40], { end: -540 }), crowdHistory: h }));
    expect(night.state).toBe("suspected");
    expect(night.reasons[0]!.text).toMatch(/usually 2 /);
  });

  it("weekends get their own baseline when history has enough of them", () => {
    const saturday = Date.UTC(2026, 4, 16, 9, 0);
    const h: CrowdPoint[] = [];
    for (let d = 1; d <= 14; d++) {
      const day = new Date(saturday - d * 86_400_000);
      const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
      h.push({ at: day, reports: weekend ? 3 : 40 });
    }
    const now = new Date(saturday + 60_000);
    const crowd = [
      { at: new Date(saturday - 900_000), reports: 2 },
      { at: new Date(saturday), reports: 30 },
    ];
    expect(judge({ ...input({}), now, crowd, crowdHistory: h }, { crowdHistoryMinPoints: 3 }).state).toBe("suspected");
    // Weekday history alone would have called 30 quiet.
    expect(judge({ ...input({}), now, crowd, crowdHistory: h.filter((p) => p.at.getUTCDay() % 6 !== 0) }, { crowdHistoryMinPoints: 3 }).state).toBe("ok");
  });

  it("garbled points are left out: they neither throw nor fire", () => {
    const bad = [NaN, Infinity, -5].map((reports) => ({ at: at(0), reports, baseline: 1 }));
    const invalidDate = { at: new Date("nope"), reports: 500, baseline: 1 };
    const j = judge(input({ crowd: [...series([1, 2], { baseline: 1, end: -15 }), ...bad, invalidDate], crowdHistory: [{ at: at(-1440), reports: NaN }] }));
    expect(j).toEqual({ state: "ok", confidence: 0, reasons: [] });
    // A garbled latest point does not hide a real spike just before it.
    expect(judge(input({ crowd: [...series([3, 187], { baseline: 4, end: -15 }), { at: at(0), reports: NaN }] })).state).toBe("suspected");
  });

  it("a run longer than a day is read back only a day: still suspected, crossing within that day", () => {
    const j = judge(
      input({
        crowd: series(
          Array.from({ length: 200 }, () => 50),
          { baseline: 2 },
        ),
      }),
    );
    expect(j.state).toBe("suspected");
    expect(j.since!.getTime()).toBeGreaterThanOrEqual(at(-24 * 60).getTime());
    expect(j.reasons[0]!.text).toMatch(/elevated for 96 intervals/);
  });

  it("the window test is what fires on a mild ramp", () => {
    const crowd = series([1, 2, 9, 18], { baseline: 2 });
    expect(judge(input({ crowd }), { crowdWindowPoints: 1 }).state).toBe("ok");
    expect(judge(input({ crowd: series([1, 2, 3, 18], { baseline: 2 }) })).state).toBe("ok");
  });

  it("settings override the defaults, and an undefined override keeps them", () => {
    const crowd = series([1, 1, 7], { baseline: 1 });
    expect(judge(input({ crowd }), { crowdMinReports: undefined }).state).toBe("ok");
    expect(judge(input({ crowd }), { crowdMinReports: 5, crowdStrongMinReports: 5, crowdStrongRatio: 5, crowdStrongTailP: 1e-4 }).state).toBe("suspected");
    expect(judge(input({ reports: reporters(["a", -3], ["b", -1]) }), { minReporters: 2 }).state).toBe("suspected");
  });
});
