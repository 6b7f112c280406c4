import { percentile, median } from "../stats";
import type { ReplayResult } from "./replay";

export interface Figures {
  name: string;
  outages: number;
  detected: number;
  missed: number;
  /** Missed because the page spoke first: our signals crossed only after its first update. */
  pageFirst: number;
  /** Detected outages the page never admitted that the episode kept as unacknowledged (not a false alarm). */
  keptUnacknowledged: number;
  falseAlarms: number;
  falseAlarmsPerProviderMonth: number;
  medianLeadMinutes: number | null;
  p90LeadMinutes: number | null;
}

export function figures(name: string, results: readonly ReplayResult[]): Figures {
  const outcomes = results.flatMap((r) => r.outcomes);
  const detected = outcomes.filter((o) => o.episode);
  const leads = detected.flatMap((o) => (o.leadSeconds === undefined ? [] : [o.leadSeconds / 60]));
  const falseAlarms = results.reduce((n, r) => n + r.falseAlarms.length, 0);
  const months = results.reduce((n, r) => n + r.days, 0) / 30;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    name,
    outages: outcomes.length,
    detected: detected.length,
    missed: outcomes.length - detected.length,
    pageFirst: outcomes.filter((o) => !o.episode && o.signalsAt && o.outage.acknowledgedAt && o.signalsAt >= o.outage.acknowledgedAt).length,
    keptUnacknowledged: detected.filter((o) => !o.outage.acknowledgedAt && o.episode!.state === "unacknowledged").length,
    falseAlarms,
    falseAlarmsPerProviderMonth: round1(falseAlarms / months),
    medianLeadMinutes: leads.length ? round1(median(leads)) : null,
    p90LeadMinutes: leads.length ? round1(percentile(leads, 0.9)) : null,
  };
}

const COLUMNS: Array<[string, (f: Figures) => string]> = [
  ["scenario", (f) => f.name],
  ["outages", (f) => String(f.outages)],
  ["detected", (f) => String(f.detected)],
  ["missed", (f) => String(f.missed)],
  ["of which page first", (f) => String(f.pageFirst)],
  ["unack kept", (f) => String(f.keptUnacknowledged)],
  ["false alarms", (f) => String(f.falseAlarms)],
  ["FA / provider-month", (f) => f.falseAlarmsPerProviderMonth.toFixed(1)],
  ["median lead (min)", (f) => (f.medianLeadMinutes === null ? "–" : f.medianLeadMinutes.toFixed(1))],
  ["p90 lead (min)", (f) => (f.p90LeadMinutes === null ? "–" : f.p90LeadMinutes.toFixed(1))],
];

/** A Markdown table, so the figures paste into README as they are. */
export function table(rows: readonly Figures[]): string {
  const head = `| ${COLUMNS.map(([h]) => h).join(" | ")} |`;
  const rule = `|${COLUMNS.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`;
  return [head, rule, ...rows.map((f) => `| ${COLUMNS.map(([, cell]) => cell(f)).join(" | ")} |`)].join("\n");
}
