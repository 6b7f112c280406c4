import type { ComponentStatus } from "../domain/status";
import { type DailyUptime, SEVERITY } from "./compute";

/** One day of a provider's bar: its worst component's status and figures; `worst` null when never observed. */
export interface DayBar {
  date: string;
  worst: ComponentStatus | null;
  /** The least available component's uptime that day. */
  uptimePercent: number | null;
  downtimeSeconds: number;
  observedSeconds: number;
}

/** Folds several components' days into one bar per day: the worst status, the lowest uptime. Pure. */
export function worstPerDay(components: DailyUptime[][]): DayBar[] {
  const days = new Map<string, DayBar>();
  for (const daily of components) {
    for (const d of daily) {
      const bar = days.get(d.date) ?? { date: d.date, worst: null, uptimePercent: null, downtimeSeconds: 0, observedSeconds: 0 };
      if (d.worst !== null && (bar.worst === null || SEVERITY[d.worst] > SEVERITY[bar.worst])) bar.worst = d.worst;
      if (d.uptimePercent !== null && (bar.uptimePercent === null || d.uptimePercent < bar.uptimePercent)) bar.uptimePercent = d.uptimePercent;
      bar.downtimeSeconds = Math.max(bar.downtimeSeconds, d.downtimeSeconds);
      bar.observedSeconds = Math.max(bar.observedSeconds, d.observedSeconds);
      days.set(d.date, bar);
    }
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** "12 days", "5 h", "40 min": how long statuswatch has watched, for "99.95 % over 12 days". */
export function observedSpan(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 2 * 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
