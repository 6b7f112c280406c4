import type { ComponentStatus } from "../domain/status";

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

function figures(list: ReturnType<typeof spans>, from: number, to: number): UptimeFigures {
  let observed = 0;
  let down = 0;
  let worst: ComponentStatus | null = null;
  for (const s of list) {
    const len = Math.min(s.end, to) - Math.max(s.start, from);
    if (len <= 0) continue;
    observed += len;
    down += len * (DOWNTIME_WEIGHT[s.status] ?? 0);
    if (worst === null || SEVERITY[s.status] > SEVERITY[worst]) worst = s.status;
  }
  return {
    uptimePercent: observed === 0 ? null : Math.round((1 - down / observed) * 1_000_000) / 10_000,
    downtimeSeconds: Math.round(down / 1000),
    observedSeconds: Math.round(observed / 1000),
    worst,
  };
}

/**
 * Uptime of one component over [from, to) from its status history. `changes` must include the
 * last change before `from` (the status in force when the window opens); time before the first
 * change is unobserved and counts neither way. Pure.
 */
export function windowUptime(changes: StatusChange[], from: Date, to: Date): UptimeFigures {
  return figures(spans(changes, from, to), from.getTime(), to.getTime());
}

/** windowUptime plus the same figures for each UTC day of the window. Pure. */
export function componentUptime(changes: StatusChange[], from: Date, to: Date): UptimeFigures & { daily: DailyUptime[] } {
  const list = spans(changes, from, to);
  const daily: DailyUptime[] = [];
  for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
    const start = Math.max(day, from.getTime());
    const end = Math.min(day + DAY_MS, to.getTime());
    daily.push({ date: new Date(day).toISOString().slice(0, 10), ...figures(list, start, end) });
  }
  return { ...figures(list, from.getTime(), to.getTime()), daily };
}
