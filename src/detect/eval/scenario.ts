import type { CrowdPoint, OwnReport, ProbeSample } from "../types";
import { int, normal, poisson, rng, uniform } from "./random";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
export const STEP_MS = 15 * MINUTE;

export interface OutageSpec {
  /** Extra reports per 15 minutes at the peak, [min, max]. */
  peak: [number, number];
  /** Points taken to reach the peak (1 = at once), [min, max]. */
  rampPoints: [number, number];
  durationMinutes: [number, number];
  /** Minutes from the outage's start to the page's first update; null: the page never admits it. */
  ackLagMinutes: [number, number] | null;
}

export interface ScenarioSpec {
  name: string;
  seed: number;
  days: number;
  historyDays: number;
  /** Mean reports per 15 minutes at the busiest hour of a weekday. */
  base: number;
  /** Share of the busy level at the quietest hour, and on weekends. */
  nightFactor: number;
  weekendFactor: number;
  /** Log-normal spread of the mean per point: real counts are burstier than Poisson. */
  burstiness: number;
  /** Lone bumps of 4–6 extra reports in one point, per day. */
  bumpsPerDay: number;
  outages: number;
  outage: OutageSpec;
  /** Outages before the evaluated days, left in the history (the baseline must shrug them off). */
  historyOutages?: number;
  /** The source gives its own baseline with each point (DownDetector's baselineValue), else history is the baseline. */
  sourceBaseline: boolean;
  /** Own people: distinct reporters per 5 minutes during an outage (mean), and stray single reports per day. */
  ownReporters?: { perFiveMinutes: number; straysPerDay: number };
  /** A synthetic probe every `everyMinutes`, failing with these chances in quiet times and during an outage. */
  probes?: { everyMinutes: number; failQuiet: number; failDuringOutage: number };
}

export interface TrueOutage {
  start: Date;
  end: Date;
  /** The page's first update; undefined when it never admits the outage. */
  acknowledgedAt?: Date;
  /** When the page resolves its incident. */
  resolvedAt?: Date;
}

export interface Scenario {
  spec: ScenarioSpec;
  /** Start of the evaluated period (history lies before it). */
  from: Date;
  to: Date;
  points: CrowdPoint[];
  reports: OwnReport[];
  probes: ProbeSample[];
  outages: TrueOutage[];
}

/** Mean reports at a time: a daily curve (quiet at 04:00 UTC, busy at 16:00) and quieter weekends. */
function seasonal(spec: ScenarioSpec, t: number): number {
  const hour = (t % DAY) / (60 * MINUTE);
  const daily = spec.nightFactor + (1 - spec.nightFactor) * (0.5 - 0.5 * Math.cos(((hour - 4) / 24) * 2 * Math.PI));
  const day = new Date(t).getUTCDay();
  return spec.base * daily * (day === 0 || day === 6 ? spec.weekendFactor : 1);
}

function placeOutages(r: () => number, count: number, from: number, to: number, spec: OutageSpec, taken: TrueOutage[]): TrueOutage[] {
  const placed: TrueOutage[] = [];
  for (let tries = 0; placed.length < count && tries < count * 50; tries++) {
    const duration = int(r, spec.durationMinutes[0], spec.durationMinutes[1]) * MINUTE;
    // Outages start at an arbitrary minute, not on the series' grid.
    const start = Math.floor(uniform(r, from + DAY / 4, to - duration - DAY / 4) / MINUTE) * MINUTE;
    // Room on both sides so that one outage's hold and the next one's onset do not merge.
    const clash = [...taken, ...placed].some((o) => start < o.end.getTime() + 6 * 60 * MINUTE && start + duration + 6 * 60 * MINUTE > o.start.getTime());
    if (clash) continue;
    const o: TrueOutage = { start: new Date(start), end: new Date(start + duration) };
    if (spec.ackLagMinutes) {
      o.acknowledgedAt = new Date(start + int(r, spec.ackLagMinutes[0], spec.ackLagMinutes[1]) * MINUTE);
      o.resolvedAt = new Date(Math.max(o.acknowledgedAt.getTime(), start + duration) + int(r, 10, 40) * MINUTE);
    }
    placed.push(o);
  }
  return placed;
}

/** Ramp to the peak over rampPoints points, hold, then fall back over two points. */
function outageExtra(o: TrueOutage, peak: number, rampMs: number, t: number): number {
  const s = o.start.getTime();
  const e = o.end.getTime();
  if (t < s || t > e + 2 * STEP_MS) return 0;
  if (t > e) return peak * (1 - (t - e) / (2 * STEP_MS));
  // The first point after the start holds only the minutes since it.
  return peak * Math.min(1, (t - s) / rampMs);
}

/** Generates a scenario from its spec: the same spec and seed give the same series. */
export function generate(spec: ScenarioSpec, epoch = Date.UTC(2026, 0, 5)): Scenario {
  const r = rng(spec.seed);
  const start = epoch;
  const from = start + spec.historyDays * DAY;
  const to = from + spec.days * DAY;
  const outages = placeOutages(r, spec.outages, from, to, spec.outage, []);
  outages.sort((a, b) => a.start.getTime() - b.start.getTime());
  const past = placeOutages(r, spec.historyOutages ?? 0, start, from, { ...spec.outage, ackLagMinutes: null }, []);
  const shapes = [...outages, ...past].map((o) => ({
    o,
    peak: uniform(r, spec.outage.peak[0], spec.outage.peak[1]),
    rampMs: int(r, spec.outage.rampPoints[0], spec.outage.rampPoints[1]) * STEP_MS,
  }));

  const points: CrowdPoint[] = [];
  const bumpChance = (spec.bumpsPerDay * STEP_MS) / DAY;
  for (let t = start; t < to; t += STEP_MS) {
    // A point counts the reports of the 15 minutes that end at its time.
    const usual = seasonal(spec, t);
    const mean = usual * Math.exp(spec.burstiness * normal(r) - (spec.burstiness * spec.burstiness) / 2);
    const extra = shapes.reduce((sum, s) => sum + outageExtra(s.o, s.peak, s.rampMs, t), 0);
    const bump = r() < bumpChance ? int(r, 4, 6) : 0;
    const point: CrowdPoint = { at: new Date(t), reports: poisson(r, mean + extra) + bump };
    if (spec.sourceBaseline) point.baseline = Math.round(usual);
    points.push(point);
  }

  const reports: OwnReport[] = [];
  if (spec.ownReporters) {
    const { perFiveMinutes, straysPerDay } = spec.ownReporters;
    let who = 0;
    for (const o of outages) {
      for (let t = o.start.getTime() + 5 * MINUTE; t <= o.end.getTime(); t += 5 * MINUTE) {
        for (let n = poisson(r, perFiveMinutes); n > 0; n--) reports.push({ at: new Date(t - int(r, 0, 4) * MINUTE), reporter: `u${who++}`, symptom: "down" });
      }
    }
    for (let n = poisson(r, straysPerDay * spec.days); n > 0; n--)
      reports.push({ at: new Date(Math.floor(uniform(r, from, to) / MINUTE) * MINUTE), reporter: `u${who++}`, symptom: "slow" });
    reports.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
  const probes: ProbeSample[] = [];
  if (spec.probes) {
    const { everyMinutes, failQuiet, failDuringOutage } = spec.probes;
    for (let t = from - DAY; t < to; t += everyMinutes * MINUTE) {
      const down = outages.some((o) => t >= o.start.getTime() && t <= o.end.getTime());
      probes.push({ at: new Date(t), ok: r() >= (down ? failDuringOutage : failQuiet), probe: "api" });
    }
  }
  return { spec, from: new Date(from), to: new Date(to), points, reports, probes, outages };
}
