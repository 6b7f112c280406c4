import { zoneFormatter } from "../../util/zone-formatter";

/**
 * Digest periods: calendar days (or weeks ending on Monday) in the subscriber's time zone, each ending
 * at the chosen hour. Pure: the clock is an argument, the zone rules are the runtime's Intl data.
 */

export type DigestFrequency = "daily" | "weekly";

export interface DigestSchedule {
  frequency: DigestFrequency;
  /** 0–23, local to `timeZone`. */
  hour: number;
  /** An IANA zone name Intl accepts. */
  timeZone: string;
}

export interface DigestPeriod {
  start: Date;
  end: Date;
  /** The local calendar date (YYYY-MM-DD) on which the period ends: the day its digest is sent. */
  endDate: string;
}

export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;
/** The zone's canonical name, or undefined when Intl does not know it. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!name || name.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Wall-clock fields of an instant in a zone. */
export function localParts(t: Date, timeZone: string): LocalDate & { h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(t)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** How far the zone's wall clock is ahead of UTC at instant `t`, in ms. */
function offsetMs(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  const p = localParts(new Date(whole), timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - whole;
}

/**
 * The instant the zone's clock shows `hour`:00 on a local date. An hour skipped by a DST change
 * resolves to the moment the clock jumped (02:00 on a spring-forward day is 03:00); an hour that
 * happens twice resolves to its first occurrence.
 */
export function localTime(date: LocalDate, hour: number, timeZone: string): Date {
  const wall = Date.UTC(date.y, date.m - 1, date.d, hour);
  const before = wall - offsetMs(wall - DAY_MS, timeZone);
  const after = wall - offsetMs(wall + DAY_MS, timeZone);
  const shows = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) === wall;
  };
  const valid = [before, after].filter(shows);
  if (valid.length) return new Date(Math.min(...valid));
  return new Date(Math.max(before, after));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday. */
function weekdayFromMonday(date: LocalDate): number {
  return (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
}

export const iso = (date: LocalDate) => `${date.y}-${String(date.m).padStart(2, "0")}-${String(date.d).padStart(2, "0")}`;

/** The period that ends at `hour` on the local date `endDay` (a Monday for weekly digests). */
function endingOn(endDay: LocalDate, s: DigestSchedule): DigestPeriod {
  const startDay = addDays(endDay, s.frequency === "weekly" ? -7 : -1);
  return { start: localTime(startDay, s.hour, s.timeZone), end: localTime(endDay, s.hour, s.timeZone), endDate: iso(endDay) };
}

/** The most recent period that is over at `now`: the one whose digest is due. */
export function lastCompletedPeriod(now: Date, s: DigestSchedule): DigestPeriod {
  const p = localParts(now, s.timeZone);
  let day: LocalDate = { y: p.y, m: p.m, d: p.d };
  if (s.frequency === "weekly") day = addDays(day, -weekdayFromMonday(day));
  if (localTime(day, s.hour, s.timeZone).getTime() > now.getTime()) day = addDays(day, s.frequency === "weekly" ? -7 : -1);
  return endingOn(day, s);
}

/** The period running at `now` (ends after `now`). */
export function currentPeriod(now: Date, s: DigestSchedule): DigestPeriod {
  const last = lastCompletedPeriod(now, s);
  const [y, m, d] = last.endDate.split("-").map(Number) as [number, number, number];
  return endingOn(addDays({ y, m, d }, s.frequency === "weekly" ? 7 : 1), s);
}

/**
 * The period whose digest is sent on the local date `date` (YYYY-MM-DD); for weekly digests, the one
 * sent on the first Monday on or after it. Undefined for a date that does not exist.
 */
export function periodEndingOn(date: string, s: DigestSchedule): DigestPeriod | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (iso(addDays(day, 0)) !== date || day.y < 1970) return undefined;
  const end = s.frequency === "weekly" ? addDays(day, (7 - weekdayFromMonday(day)) % 7) : day;
  return endingOn(end, s);
}
