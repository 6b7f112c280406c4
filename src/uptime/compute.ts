import { COMPONENT_STATUSES, type ComponentStatus } from "../domain/status";

/**
 * How much a status counts as downtime, as Atlassian Statuspage weighs it for its uptime bars:
 * a major outage is fully down, a partial outage 30 % down, anything else up.
 */
export const DOWNTIME_WEIGHT: Partial<Record<ComponentStatus, number>> = { major_outage: 1, partial_outage: 0.3 };

export interface StatusChange {
  toStatus: ComponentStatus;
  at: Date;
}

export interface UptimeFigures {
  /** Null when statuswatch had not observed the component at all during the window. */
  uptimePercent: number | null;
  /** Weighted seconds of downtime. */
  downtimeSeconds: number;
  observedSeconds: number;
  /** The most severe status in force at any moment of the window; null when unobserved. */
  worst: ComponentStatus | null;
}

/** Severity order for "the worst status of a day": maintenance is planned, so it ranks below degraded. */
export const SEVERITY: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

export interface DailyUptime extends UptimeFigures {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
}

const DAY_MS = 86_400_000;

/** Constant-status spans within [from, to): the status in force at `from`, then each change. */
export function spans(changes: StatusChange[], from: Date, to: Date): Array<{ start: number; end: number; status: ComponentStatus }> {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: Array<{ start: number; end: number; status: ComponentStatus }> = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = Math.max(sorted[i]!.at.getTime(), from.getTime());
    const end = Math.min(sorted[i + 1]?.at.getTime() ?? to.getTime(), to.getTime());
    if (end > start) out.push({ start, end, status: sorted[i]!.toStatus });
  }
  return out;
}

/** Milliseconds spent in each status: the additive form of a period's figures (days sum to a window exactly). */
export type StatusMs = Record<ComponentStatus, number>;

export interface Totals {
  ms: StatusMs;
  /** The most severe status in force at any moment; null when unobserved. */
  worst: ComponentStatus | null;
}

/** One UTC day's totals and the status in force when it ends (null while unobserved), which the next day starts from. */
export interface DayTotals extends Totals {
  date: string;
  endStatus: ComponentStatus | null;
}

export const noTime = (): StatusMs => ({ operational: 0, degraded_performance: 0, partial_outage: 0, major_outage: 0, under_maintenance: 0 });

export function worse(a: ComponentStatus | null, b: ComponentStatus | null): ComponentStatus | null {
  if (a === null) return b;
  if (b === null) return a;
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Adds `b` into `a` (integers, so any grouping of days gives the same sums). */
export function addTotals(a: Totals, b: Totals): Totals {
  for (const s of COMPONENT_STATUSES) a.ms[s] += b.ms[s];
  a.worst = worse(a.worst, b.worst);
  return a;
}

/** The figures people see, from a period's totals. Every figure goes through here, so cached and live sums agree to the bit. */
export function figuresOf(t: Totals): UptimeFigures {
  let observed = 0;
  let down = 0;
  for (const s of COMPONENT_STATUSES) {
    observed += t.ms[s];
    down += t.ms[s] * (DOWNTIME_WEIGHT[s] ?? 0);
  }
  return {
    uptimePercent: observed === 0 ? null : Math.round((1 - down / observed) * 1_000_000) / 10_000,
    downtimeSeconds: Math.round(down / 1000),
    observedSeconds: Math.round(observed / 1000),
    worst: t.worst,
  };
}

function totalsIn(list: ReturnType<typeof spans>, from: number, to: number): Totals & { endStatus: ComponentStatus | null } {
  const out: Totals & { endStatus: ComponentStatus | null } = { ms: noTime(), worst: null, endStatus: null };
  for (const s of list) {
    const len = Math.min(s.end, to) - Math.max(s.start, from);
    if (len <= 0) continue;
    out.ms[s.status] += len;
    out.worst = worse(out.worst, s.status);
    out.endStatus = s.status;
  }
  return out;
}

/**
 * Totals for each UTC day of [from, to) (the first and last clipped to the window) from a
 * component's history; `changes` must include the last change before `from`. Pure.
 */
export function dailyTotals(changes: StatusChange[], from: Date, to: Date): DayTotals[] {
  const list = spans(changes, from, to);
  const days: DayTotals[] = [];
  for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
    const start = Math.max(day, from.getTime());
    const end = Math.min(day + DAY_MS, to.getTime());
    days.push({ date: new Date(day).toISOString().slice(0, 10), ...totalsIn(list, start, end) });
  }
  return days;
}

function sumDays(days: Totals[]): Totals {
  const sum: Totals = { ms: noTime(), worst: null };
  for (const d of days) addTotals(sum, d);
  return sum;
}

/**
 * Uptime of one component over [from, to) from its status history. `changes` must include the
 * last change before `from` (the status in force when the window opens); time before the first
 * change is unobserved and counts neither way. Pure.
 */
export function windowUptime(changes: StatusChange[], from: Date, to: Date): UptimeFigures {
  return figuresOf(sumDays(dailyTotals(changes, from, to)));
}

/** windowUptime plus the same figures for each UTC day of the window. Pure. */
export function componentUptime(changes: StatusChange[], from: Date, to: Date): UptimeFigures & { daily: DailyUptime[] } {
  const days = dailyTotals(changes, from, to);
  return { ...figuresOf(sumDays(days)), daily: days.map((d) => ({ date: d.date, ...figuresOf(d) })) };
}
