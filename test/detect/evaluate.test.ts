import { replay } from "../../src/detect/eval/replay";
import { generate, type ScenarioSpec } from "../../src/detect/eval/scenario";
import { SCENARIOS } from "../../src/detect/eval/scenarios";
import { figures, table } from "../../src/detect/eval/summary";

const base: ScenarioSpec = {
  name: "t",
  seed: 42,
  days: 10,
  historyDays: 14,
  base: 3,
  nightFactor: 0.3,
  weekendFactor: 0.8,
  burstiness: 0.3,
  bumpsPerDay: 4,
  sourceBaseline: true,
  outages: 0,
  outage: { peak: [0, 0], rampPoints: [1, 1], durationMinutes: [60, 60], ackLagMinutes: null },
};

describe("evaluation harness", () => {
  it("the generator is seeded: same spec, same series; another seed, another series", () => {
    const a = generate(base);
    expect(generate(base).points).toEqual(a.points);
    expect(generate({ ...base, seed: 43 }).points).not.toEqual(a.points);
    expect(a.points).toHaveLength(24 * 4 * 24);
    // Lone bumps of 4–6 happen: the quiet series is not trivially flat.
    expect(Math.max(...a.points.map((p) => p.reports))).toBeGreaterThanOrEqual(6);
  });

  it("quiet days with lone bumps raise nothing", () => {
    const r = replay(generate(base));
    expect(r.episodes).toEqual([]);
    expect(figures("quiet", [r])).toMatchObject({ outages: 0, falseAlarms: 0, falseAlarmsPerProviderMonth: 0 });
  });

  it("strong outages the page admits 40 min after their start: all warned of within two points, confirmed with that lead", () => {
    const scenario = generate({ ...base, outages: 4, outage: { peak: [60, 200], rampPoints: [1, 1], durationMinutes: [60, 120], ackLagMinutes: [40, 40] } });
    const r = replay(scenario);
    expect(r.outcomes).toHaveLength(4);
    for (const o of r.outcomes) {
      expect(o.episode?.state).toBe("confirmed");
      expect(o.episode?.leadSeconds).toBe(o.leadSeconds);
      // The first point holding any of the outage, and the one after it: the latest the warning may come.
      const firstPoint = scenario.points.find((p) => p.at > o.outage.start)!.at.getTime();
      expect(o.episode!.suspectedAt.getTime()).toBeLessThanOrEqual(firstPoint + 15 * 60_000);
      expect(o.leadSeconds).toBeGreaterThanOrEqual((o.outage.acknowledgedAt!.getTime() - firstPoint) / 1000 - 15 * 60);
      expect(o.leadSeconds).toBeGreaterThan(0);
    }
    expect(r.falseAlarms).toEqual([]);
  });

  it("outages the page never admits are kept as unacknowledged, not false alarms", () => {
    const r = replay(
      generate({ ...base, seed: 7, outages: 3, outage: { peak: [80, 200], rampPoints: [1, 2], durationMinutes: [60, 120], ackLagMinutes: null } }),
    );
    expect(r.outcomes.map((o) => o.episode?.state)).toEqual(["unacknowledged", "unacknowledged", "unacknowledged"]);
    expect(figures("x", [r])).toMatchObject({ detected: 3, keptUnacknowledged: 3, medianLeadMinutes: null });
  });

  it("when the page speaks first there is no early warning to give: missed, and no episode", () => {
    const r = replay(
      generate({ ...base, seed: 8, outages: 3, outage: { peak: [30, 60], rampPoints: [3, 4], durationMinutes: [60, 120], ackLagMinutes: [-5, 0] } }),
    );
    expect(r.episodes).toEqual([]);
    expect(figures("x", [r])).toMatchObject({ outages: 3, detected: 0, missed: 3 });
  });

  it("probes failing during outages warn of them even when the crowd is silent; quiet probes raise nothing", () => {
    const spec = {
      ...base,
      seed: 12,
      base: 1,
      outages: 3,
      probes: { everyMinutes: 2, failQuiet: 0, failDuringOutage: 0.9 },
      outage: {
        peak: [0, 0] as [number, number],
        rampPoints: [1, 1] as [number, number],
        durationMinutes: [40, 60] as [number, number],
        ackLagMinutes: [30, 30] as [number, number],
      },
    };
    const r = replay(generate(spec));
    expect(r.outcomes.map((o) => o.episode?.state)).toEqual(["confirmed", "confirmed", "confirmed"]);
    for (const o of r.outcomes) expect(o.leadSeconds).toBeGreaterThanOrEqual(15 * 60);
    expect(r.falseAlarms).toEqual([]);
    expect(replay(generate({ ...spec, outages: 0 })).episodes).toEqual([]);
  });

  it("prints one Markdown row per scenario and a total", () => {
    const rows = [figures("a", [replay(generate(base))]), figures("total", [])];
    const lines = table(rows).split("\n");
    expect(lines[0]).toMatch(/^\| scenario \| outages \| detected \| missed \|/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^\| total \| 0 \| 0 \| 0 \|/);
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(8);
  });
});
