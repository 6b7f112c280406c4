import type { ComponentStatus } from "../domain/status";
import { type DayBar, worstPerDay } from "./bars";
import { addTotals, type DayTotals, dailyTotals, figuresOf, noTime, type StatusChange, type Totals } from "./compute";

const DAY_MS = 86_400_000;

/** A provider's line on `/`: one bar per UTC day, and its least available component's uptime with the time observed. */
export interface ProviderBars {
  /**
   * The bars, oldest first, in runs to be read one after the other: the stored closed days (the
   * same array for as long as they do not change, so a renderer may keep what it made of it) and the live days.
   */
  runs: ReadonlyArray<readonly DayBar[]>;
  uptimePercent: number | null;
  observedSeconds: number;
}

/**
 * What `/` needs of a provider's closed days (every day of the window but the live ones), as
 * stored: the bars, and per component its totals and the status it ended the last day with.
 */
export interface WindowSummary {
  bars: readonly DayBar[];
  components: Array<{ id: number; totals: Totals; endStatus: ComponentStatus | null }>;
}

/** Sums each component's closed days and folds them into per-day bars. Each list holds the same days. Pure. */
export function summarizeWindow(components: Array<{ id: number; days: DayTotals[] }>): WindowSummary {
  return {
    bars: worstPerDay(components.map((c) => c.days.map((d) => ({ date: d.date, ...figuresOf(d) })))),
    components: components.map((c) => ({
      id: c.id,
      totals: c.days.reduce((sum, d) => addTotals(sum, d), { ms: noTime(), worst: null } as Totals),
      endStatus: c.days.at(-1)?.endStatus ?? null,
    })),
  };
}

/**
 * The live days [liveFrom, now) of one component, which starts them in the status it ended the
 * closed days with (none: not observed yet). Pure.
 */
export function liveDays(endStatus: ComponentStatus | null, changes: StatusChange[], liveFrom: Date, now: Date): DayTotals[] {
  // Listed first, so a change stamped exactly at liveFrom still follows it (the sort is stable).
  const seeded = endStatus ? [{ toStatus: endStatus, at: liveFrom }, ...changes] : changes;
  return dailyTotals(seeded, liveFrom, now);
}

/**
 * A provider's bars over [from, now): the stored summary of the closed days plus the live days
 * computed from the changes since `liveFrom`; gives what computing the whole window from history
 * gives. `live` may name components the summary does not know (first seen since). Pure.
 */
export function providerBars(summary: WindowSummary, live: Map<number, StatusChange[]>, from: Date, liveFrom: Date, now: Date): ProviderBars {
  const known = new Map(summary.components.map((c) => [c.id, c]));
  for (const id of live.keys()) if (!known.has(id)) known.set(id, { id, totals: { ms: noTime(), worst: null }, endStatus: null });
  if (known.size === 0) return { runs: [unobservedDays(from, now)], uptimePercent: null, observedSeconds: 0 };
  const liveBars: DayBar[][] = [];
  let worst: ReturnType<typeof figuresOf> | undefined;
  for (const c of known.values()) {
    const days = liveDays(c.endStatus, live.get(c.id) ?? [], liveFrom, now);
    liveBars.push(days.map((d) => ({ date: d.date, ...figuresOf(d) })));
    const window = figuresOf(days.reduce((sum, d) => addTotals(sum, d), { ms: { ...c.totals.ms }, worst: c.totals.worst }));
    // The least available component; on a tie, the one observed longest (as the history computation picks).
    if (
      window.uptimePercent !== null &&
      (!worst ||
        window.uptimePercent < worst.uptimePercent! ||
        (window.uptimePercent === worst.uptimePercent && window.observedSeconds > worst.observedSeconds))
    )
      worst = window;
  }
  // Components first seen since the summary was stored were not observed on the closed days.
  const closed = summary.components.length ? summary.bars : unobservedDays(from, liveFrom);
  return { runs: [closed, worstPerDay(liveBars)], uptimePercent: worst?.uptimePercent ?? null, observedSeconds: worst?.observedSeconds ?? 0 };
}

/** One never-observed bar per day of [from, to). */
export function unobservedDays(from: Date, to: Date): DayBar[] {
  const out: DayBar[] = [];
  for (let d = from.getTime(); d < to.getTime(); d += DAY_MS)
    out.push({ date: new Date(d).toISOString().slice(0, 10), worst: null, uptimePercent: null, downtimeSeconds: 0, observedSeconds: 0 });
  return out;
}
