import { formatP, log10PoissonTail } from "./poisson";
import { median } from "./stats";
import type { CrowdPoint, DetectorSettings, Reason } from "./types";

const DAY = 86_400_000;

export interface JudgedPoint {
  point: CrowdPoint;
  baseline: number;
  log10p: number;
  elevated: boolean;
  strong: boolean;
}

const timeOfDay = (d: Date) => ((d.getTime() % DAY) + DAY) % DAY;
const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/**
 * The usual count for a point: the source's own baseline when it gives one; else the median of the
 * same time-of-day slot in the history (same day type, weekday or weekend, when there are enough), so
 * a past outage in that slot moves it little; else the median of the whole history (from 12 hours back), or of the recent
 * points before the one judged. Never below the floor.
 */
export function baselineFor(point: CrowdPoint, earlier: readonly CrowdPoint[], history: readonly CrowdPoint[], s: DetectorSettings): number {
  const floor = (v: number) => Math.max(v, s.crowdBaselineFloor);
  if (point.baseline !== undefined && Number.isFinite(point.baseline)) return floor(point.baseline);
  // Past days only: the same day's previous points may already belong to the spike being judged.
  const past = history.filter((h) => h.at.getTime() <= point.at.getTime() - DAY / 2);
  if (past.length > 0) {
    const tod = timeOfDay(point.at);
    const slot = past.filter((h) => {
      const d = Math.abs(timeOfDay(h.at) - tod);
      return Math.min(d, DAY - d) <= s.crowdSlotMs / 2;
    });
    const sameType = slot.filter((h) => isWeekend(h.at) === isWeekend(point.at));
    const pick = sameType.length >= s.crowdHistoryMinPoints ? sameType : slot.length >= s.crowdHistoryMinPoints ? slot : past;
    return floor(median(pick.map((h) => h.reports)));
  }
  return floor(earlier.length > 0 ? median(earlier.map((p) => p.reports)) : 0);
}

export function judgePoint(point: CrowdPoint, baseline: number, s: DetectorSettings): JudgedPoint {
  const log10p = log10PoissonTail(point.reports, baseline);
  const elevated = point.reports >= s.crowdMinReports && point.reports >= s.crowdMinRatio * baseline && log10p <= Math.log10(s.crowdTailP);
  const strong =
    elevated && point.reports >= s.crowdStrongMinReports && point.reports >= s.crowdStrongRatio * baseline && log10p <= Math.log10(s.crowdStrongTailP);
  return { point, baseline, log10p, elevated, strong };
}

const MAX_RUN = 96;
const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export interface CrowdVerdict {
  reason?: Reason;
  /** First elevated point of the run that fired. */
  onset?: Date;
}

/**
 * Fires on a run of elevated points ending at the latest one, at the first point of the run that is
 * strong, or is the crowdSustainPoints-th of the run, or closes a window of crowdWindowPoints whose sum
 * passes the strong test against the sum of their baselines.
 * The reason's time is the point where that first became true in the current run, so a late poll
 * that sees the run already long does not move the crossing later.
 */
export function crowdSignal(crowd: readonly CrowdPoint[], history: readonly CrowdPoint[], now: Date, s: DetectorSettings): CrowdVerdict {
  // A garbled point (no time, a count that is not a finite non-negative number) is left out, not trusted.
  const points = crowd
    .filter((p) => p.at.getTime() <= now.getTime() && Number.isFinite(p.reports) && p.reports >= 0)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = points.at(-1);
  if (!latest || now.getTime() - latest.at.getTime() > s.crowdMaxAgeMs) return {};

  const judged = new Map<number, JudgedPoint>();
  const judgeAt = (i: number): JudgedPoint => {
    let j = judged.get(i);
    if (!j) {
      const p = points[i]!;
      j = judgePoint(p, baselineFor(p, points.slice(Math.max(0, i - 8), i), history, s), s);
      judged.set(i, j);
    }
    return j;
  };
  const adjacent = (i: number) => i > 0 && points[i]!.at.getTime() - points[i - 1]!.at.getTime() <= s.crowdMaxGapMs;

  // The run of consecutive elevated points ending at the latest one.
  let first = points.length - 1;
  if (!judgeAt(first).elevated) return {};
  // Bounded: a day of quarter hours is plenty to place the crossing, and each point costs a baseline.
  while (adjacent(first) && points.length - first < MAX_RUN && judgeAt(first - 1).elevated) first--;
  const run = points.slice(first).map((_, k) => judgeAt(first + k));

  /** The last crowdWindowPoints points up to i, taken together: a ramp whose points are each only mildly high. */
  const windowFires = (i: number) => {
    let reports = 0;
    let baseline = 0;
    for (let k = i; k > i - s.crowdWindowPoints && k >= 0; k--) {
      reports += points[k]!.reports;
      baseline += judgeAt(k).baseline;
      if (!adjacent(k)) break;
    }
    return reports >= s.crowdStrongMinReports && reports >= s.crowdMinRatio * baseline && log10PoissonTail(reports, baseline) <= Math.log10(s.crowdStrongTailP);
  };
  const crossing = run.findIndex((j, k) => j.strong || k + 1 >= s.crowdSustainPoints || windowFires(first + k));
  const fired = crossing >= 0;
  const last = run.at(-1)!;
  const strongest = Math.min(...run.map((j) => j.log10p));
  const previous = points.at(-2);
  const minutes = previous ? Math.round((latest.at.getTime() - previous.at.getTime()) / 60_000) : 15;
  const text =
    `${last.point.reports} reports in ${minutes} min, usually ${fmt(last.baseline)} (${formatP(last.log10p)})` +
    (run.length > 1 ? `; elevated for ${run.length} intervals since ${hhmm(run[0]!.point.at)} UTC` : fired ? "" : "; one interval so far");
  const score = fired ? 0.5 + 0.5 * Math.min(1, Math.max(0, (-strongest - 4) / 16)) : 0.35;
  return {
    reason: { signal: "crowd", text, at: fired ? run[crossing]!.point.at : last.point.at, score, fired },
    onset: run[0]!.point.at,
  };
}
