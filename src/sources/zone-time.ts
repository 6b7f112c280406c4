/**
 * Wall-clock times written by status pages ("Jan 10, 17:27 PST", "12:53 PM PDT", "2022-03-31 08:30"
 * in "US/Pacific") turned into UTC Dates.
 */

/**
 * US Pacific/Central/Eastern abbreviations resolve through the IANA zone so DST follows the date:
 * Statuspage feeds (Parse, 2013) wrote "PST" all summer while meaning Pacific local time.
 * MST stays fixed at -07:00 because Arizona keeps it all year.
 */
const ZONE_ABBREVIATIONS: Record<string, string | number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  PT: "America/Los_Angeles",
  MST: -420,
  MDT: -360,
  MT: "America/Denver",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  CT: "America/Chicago",
  EST: "America/New_York",
  EDT: "America/New_York",
  ET: "America/New_York",
  AKST: "America/Anchorage",
  AKDT: "America/Anchorage",
  HST: -600,
  BST: 60,
  CET: "Europe/Berlin",
  CEST: "Europe/Berlin",
  IST: 330,
  JST: 540,
  KST: 540,
  SGT: 480,
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** 0-based month from "Jan", "January", "sept"…; undefined when it is not a month name. */
export function monthIndex(name: string): number | undefined {
  const i = MONTHS.indexOf(name.trim().slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i;
}

/** A zone abbreviation, IANA name or "+05:30" offset; undefined when unknown. */
export function knownZone(zone: string): string | number | undefined {
  const z = zone.trim();
  const abbreviation = ZONE_ABBREVIATIONS[z.toUpperCase()];
  if (abbreviation !== undefined) return abbreviation;
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$/i.exec(z);
  if (offset) return (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    return z;
  } catch {
    return undefined;
  }
}

/** Minutes east of UTC that `timeZone` observes at `instant`. */
function ianaOffsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

export interface WallTime {
  year: number;
  /** 0-based. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** The UTC instant of a wall-clock time in `zone`; undefined when the zone is unknown. */
export function wallTimeToUtc(t: WallTime, zone: string): Date | undefined {
  const z = knownZone(zone);
  if (z === undefined) return undefined;
  const naive = Date.UTC(t.year, t.month, t.day, t.hour, t.minute, t.second ?? 0);
  if (typeof z === "number") return new Date(naive - z * 60_000);
  // Two passes settle the offset on the right side of a DST change.
  let guess = naive - ianaOffsetMinutes(z, naive) * 60_000;
  guess = naive - ianaOffsetMinutes(z, guess) * 60_000;
  return new Date(guess);
}

/**
 * Feed bodies omit the year ("Dec 31, 23:50 PST"): take the year that puts the time nearest to
 * `reference` (the item's own date), so an incident spanning New Year lands in the right year.
 */
export function yearlessToUtc(t: Omit<WallTime, "year">, zone: string, reference: Date): Date | undefined {
  const year = reference.getUTCFullYear();
  let best: Date | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const d = wallTimeToUtc({ ...t, year: y }, zone);
    if (d && (!best || Math.abs(d.getTime() - reference.getTime()) < Math.abs(best.getTime() - reference.getTime()))) best = d;
  }
  return best;
}

/** "Jan 10, 17:27 PST" / "Jun  8, 19:13 UTC" / "Oct 2, 2:32 PM EDT" → UTC; undefined when it is not such a time. */
export function parseFeedTimestamp(text: string, reference: Date): Date | undefined {
  const m = /([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*([A-Za-z][A-Za-z/_]*|[+-]\d{2}:?\d{2})?/.exec(
    text.replace(/\s+/g, " "),
  );
  if (!m) return undefined;
  const month = monthIndex(m[1]!);
  if (month === undefined) return undefined;
  const hour = to24h(Number(m[4]), m[7]);
  const t = { month, day: Number(m[2]), hour, minute: Number(m[5]), second: m[6] ? Number(m[6]) : 0 };
  const zone = m[8] ?? "UTC";
  return m[3] ? wallTimeToUtc({ ...t, year: Number(m[3]) }, zone) : yearlessToUtc(t, zone, reference);
}

export function to24h(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase() === "pm";
  return (hour % 12) + (pm ? 12 : 0);
}

/** The calendar date that `instant` falls on in `zone` (for pages that print times without dates). */
export function localDate(instant: Date, zone: string): { year: number; month: number; day: number } | undefined {
  const z = knownZone(zone);
  if (z === undefined) return undefined;
  const offset = typeof z === "number" ? z : ianaOffsetMinutes(z, instant.getTime());
  const shifted = new Date(instant.getTime() + offset * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth(), day: shifted.getUTCDate() };
}
