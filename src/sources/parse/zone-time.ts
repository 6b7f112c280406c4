import { zoneFormatter } from "../../util/zone-formatter";

/**
 * Wall-clock times written by status pages ("Jan 10, 17:27 PST", "12:53 PM PDT", "2022-03-31 08:30"
 * in "US/Pacific") turned into UTC Dates.
 */

/**
 * Abbreviations Statuspage (Rails/tzdata) and AWS print after a time.
 *
 * US Pacific/Central/Eastern/Mountain-time/Alaska abbreviations resolve through the IANA zone so DST
 * follows the date: Statuspage feeds (Parse, 2013) wrote "PST" all summer while meaning Pacific
 * local time. MST stays fixed at -07:00 because Arizona keeps it all year.
 *
 * Every other abbreviation is a fixed offset: tzdata prints the abbreviation in effect on that
 * date, so the abbreviation itself names the offset, and several are shared by zones without DST
 * (AEST in Brisbane, CET in Algeria) that an IANA guess would shift by an hour in summer.
 * Abbreviations that mean different offsets in different places are listed only with the reading
 * tzdata gives them (IST: India, AST: Atlantic, CST: US Central); unlisted ones stay unknown
 * rather than being handed to Intl, which reads "ART" as Cairo and "BST" as Dhaka.
 */
const ZONE_ABBREVIATIONS: Record<string, string | number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  // North America
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
  HDT: -540,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  // South America
  BRT: -180,
  ART: -180,
  // Europe and Africa
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  WAT: 60,
  CAT: 120,
  SAST: 120,
  EAT: 180,
  // Asia
  PKT: 300,
  IST: 330,
  NPT: 345,
  ICT: 420,
  WIB: 420,
  WITA: 480,
  WIT: 540,
  HKT: 480,
  SGT: 480,
  PHT: 480,
  JST: 540,
  KST: 540,
  // Oceania
  AWST: 480,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** "+05:30", "-03", "-0300", "GMT+2", "UTC-05:00" as minutes east of UTC. */
const OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** 0-based month from "Jan", "January", "sept"…; undefined when it is not a month name. */
export function monthIndex(name: string): number | undefined {
  const i = MONTHS.indexOf(name.trim().slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i;
}

/**
 * A zone abbreviation, Area/Location IANA name or "+05:30"-style offset: a fixed offset in minutes
 * east of UTC, or an IANA name. Undefined when unknown.
 */
export function knownZone(zone: string): string | number | undefined {
  const z = zone.trim();
  const abbreviation = ZONE_ABBREVIATIONS[z.toUpperCase()];
  if (abbreviation !== undefined) return abbreviation;
  const offset = OFFSET.exec(z);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? 0);
    if (hours > 14 || minutes > 59) return undefined;
    return (offset[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  // Intl also accepts legacy Java-style abbreviations with surprising meanings; only Area/Location names pass.
  if (!z.includes("/")) return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    return z;
  } catch {
    return undefined;
  }
}

/** Minutes east of UTC that `timeZone` observes at `instant`. */
function ianaOffsetMinutes(timeZone: string, instant: number): number {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(instant));
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

/** The UTC instant of a wall-clock time in `zone` (a name, or minutes east of UTC); undefined when the zone is unknown. */
export function wallTimeToUtc(t: WallTime, zone: string | number): Date | undefined {
  const z = typeof zone === "number" ? zone : knownZone(zone);
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
export function yearlessToUtc(t: Omit<WallTime, "year">, zone: string | number, reference: Date): Date | undefined {
  const year = reference.getUTCFullYear();
  let best: Date | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const d = wallTimeToUtc({ ...t, year: y }, zone);
    if (d && (!best || Math.abs(d.getTime() - reference.getTime()) < Math.abs(best.getTime() - reference.getTime()))) best = d;
  }
  return best;
}

const STAMP = new RegExp(
  String.raw`([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm](?![A-Za-z]))?\s*` +
    String.raw`((?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?(?![\d:])|[+-]\d{1,2}(?::?\d{2})?(?![\d:])|[A-Za-z][A-Za-z/_]*)?`,
);

/**
 * "Jan 10, 17:27 PST" / "Jun  8, 19:13 UTC" / "Oct 2, 2:32 PM EDT" / "Jul 10, 09:00 -03" → UTC.
 * A time without a zone is read in `defaultZone`. Undefined when it is not such a time or its
 * zone is unknown: a guessed zone would misplace the update by hours without any sign of it.
 */
export function parseFeedTimestamp(text: string, reference: Date, defaultZone: string | number = 0): Date | undefined {
  const m = STAMP.exec(text.replace(/\s+/g, " "));
  if (!m) return undefined;
  const month = monthIndex(m[1]!);
  if (month === undefined) return undefined;
  const hour = to24h(Number(m[4]), m[7]);
  const t = { month, day: Number(m[2]), hour, minute: Number(m[5]), second: m[6] ? Number(m[6]) : 0 };
  const zone = m[8] ?? defaultZone;
  return m[3] ? wallTimeToUtc({ ...t, year: Number(m[3]) }, zone) : yearlessToUtc(t, zone, reference);
}

/**
 * The UTC offset an RFC 822 / ISO 8601 date is written in ("Thu, 01 Jan 2015 01:20:00 -0800" →
 * -480, "…T19:13:39Z" → 0, "… PDT" → the zone); undefined when it names none.
 */
export function writtenZone(raw: string | undefined): string | number | undefined {
  const m = /(?:\d(Z)|\s([A-Za-z]{1,5})|\d([+-]\d{2}:?\d{2})|\s([+-]\d{4}))\s*$/.exec(raw?.trim() ?? "");
  if (!m) return undefined;
  return knownZone(m[1] ?? m[2] ?? m[3] ?? m[4]!);
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
