const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter giving a zone's wall-clock parts (24-hour, to the second), one per zone: building an
 * Intl.DateTimeFormat costs far more than using one, and zone arithmetic calls this in loops.
 */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}
