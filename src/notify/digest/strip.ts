import type { ComponentStatus } from "../../domain/status";
import { type StatusChange, windowUptime, worse } from "../../uptime/compute";
import { addDays, iso, localParts, localTime } from "./period";

export interface StripDay {
  /** The subscriber's local calendar date, YYYY-MM-DD. */
  date: string;
  worst: ComponentStatus | null;
  uptimePercent: number | null;
}

/**
 * The `count` local calendar days of `timeZone` up to `until`, the day holding its last moment
 * last (clipped to `until`). Each runs midnight to midnight on the zone's clock, so a day clocks
 * change is 23 or 25 hours long. Pure.
 */
export function localDays(until: Date, count: number, timeZone: string): Array<{ date: string; start: Date; end: Date }> {
  const p = localParts(new Date(until.getTime() - 1), timeZone);
  const last = { y: p.y, m: p.m, d: p.d };
  const days: Array<{ date: string; start: Date; end: Date }> = [];
  for (let i = count - 1; i >= 0; i--) {
    const day = addDays(last, -i);
    const end = i === 0 ? until : localTime(addDays(day, 1), 0, timeZone);
    days.push({ date: iso(day), start: localTime(day, 0, timeZone), end });
  }
  return days;
}

/**
 * A provider's strip over the subscriber's local days: per day the worst status any of the given
 * components was in, and the least available one's uptime. `histories` must each include the last
 * change before the first day. Pure.
 */
export function localStrip(histories: StatusChange[][], until: Date, count: number, timeZone: string): StripDay[] {
  return localDays(until, count, timeZone).map(({ date, start, end }) => {
    let worst: ComponentStatus | null = null;
    let uptimePercent: number | null = null;
    for (const h of histories) {
      const u = windowUptime(h, start, end);
      worst = worse(worst, u.worst);
      if (u.uptimePercent !== null && (uptimePercent === null || u.uptimePercent < uptimePercent)) uptimePercent = u.uptimePercent;
    }
    return { date, worst, uptimePercent };
  });
}
