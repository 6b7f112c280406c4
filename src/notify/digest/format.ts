import type { ComponentStatus } from "../../domain/status";
import { formatDuration } from "../message";
import type { DigestIncident, DigestReport, DigestWarning } from "./report";

export { formatDuration };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Mon 30 Nov, 14:05" on the subscriber's clock. */
export function localStamp(t: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f.format(t);
}

export function periodLabel(r: DigestReport): string {
  const until = r.complete ? localStamp(r.period.end, r.timeZone) : `${localStamp(r.generatedAt, r.timeZone)} (so far)`;
  return `${localStamp(r.period.start, r.timeZone)} – ${until} (${r.timeZone})`;
}

export function percent(p: number | null): string {
  return p === null ? "not observed" : `${p.toFixed(p === 100 ? 0 : 2)} %`;
}

export function incidentFacts(i: DigestIncident, timeZone: string): string {
  const opened = `opened ${localStamp(i.startedAt, timeZone)}`;
  const closed = i.resolvedAt
    ? `resolved ${localStamp(i.resolvedAt, timeZone)}, lasted ${formatDuration(i.durationSeconds)}`
    : `open for ${formatDuration(i.durationSeconds)}`;
  return `${i.impact} impact · ${opened} · ${closed}`;
}

export function warningFacts(w: DigestWarning, timeZone: string): string {
  const parts = [`${w.state.replace(/_/g, " ")}`, `suspected ${localStamp(w.suspectedAt, timeZone)}`];
  if (w.confirmedAt) parts.push(`confirmed ${localStamp(w.confirmedAt, timeZone)}`);
  if (w.leadSeconds !== null) parts.push(w.leadSeconds > 0 ? `${formatDuration(w.leadSeconds)} before the provider said so` : "after the provider said so");
  if (w.endedAt) parts.push(`ended ${localStamp(w.endedAt, timeZone)}`);
  return parts.join(" · ");
}

/** The strip's colours: the dashboard's, as hex so every mail client shows them. */
export const STATUS_COLOR: Record<ComponentStatus | "unknown", string> = {
  operational: "#2da44e",
  under_maintenance: "#0969da",
  degraded_performance: "#d4a72c",
  partial_outage: "#e16f24",
  major_outage: "#cf222e",
  unknown: "#d0d7de",
};

/** One character per day in the text version. */
export const STATUS_CHAR: Record<ComponentStatus | "unknown", string> = {
  operational: ".",
  under_maintenance: "m",
  degraded_performance: "~",
  partial_outage: "+",
  major_outage: "#",
  unknown: "?",
};
