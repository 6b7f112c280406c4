import { partialScore } from "./settings";
import type { ComponentChange, DetectorSettings, OwnReport, ProbeSample, Reason } from "./types";

const byTime = <T extends { at: Date }>(a: T, b: T) => a.at.getTime() - b.at.getTime();
const within = (at: Date, now: Date, ms: number) => at.getTime() <= now.getTime() && now.getTime() - at.getTime() <= ms;

function tally(values: Array<string | undefined>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(", ");
}

/** Distinct own reporters in the window; fires at minReporters, at the report that made the count. */
export function reportsSignal(reports: readonly OwnReport[], now: Date, s: DetectorSettings): Reason | undefined {
  const recent = reports.filter((r) => within(r.at, now, s.reportWindowMs)).sort(byTime);
  const seen = new Set<string>();
  let crossedAt: Date | undefined;
  for (const r of recent) {
    seen.add(r.reporter);
    if (!crossedAt && seen.size >= s.minReporters) crossedAt = r.at;
  }
  if (seen.size === 0) return undefined;
  const n = seen.size;
  const fired = crossedAt !== undefined;
  const what = tally(recent.map((r) => r.symptom));
  const where = tally(recent.map((r) => r.component));
  const text =
    `${n} of your people reported a problem in the last ${Math.round(s.reportWindowMs / 60_000)} min` +
    (what ? ` (${what})` : "") +
    (where ? `; components: ${where}` : "");
  return {
    signal: "reports",
    text,
    fired,
    at: crossedAt ?? recent.at(-1)!.at,
    score: fired ? Math.min(1, 0.6 + 0.1 * (n - s.minReporters)) : partialScore(n, s.minReporters),
  };
}

/** probeK of the latest probeN recent samples failing; fires at the sample that made the k-th failure. */
export function probeSignal(probes: readonly ProbeSample[], now: Date, s: DetectorSettings): Reason | undefined {
  const last = probes
    .filter((p) => within(p.at, now, s.probeMaxAgeMs))
    .sort(byTime)
    .slice(-s.probeN);
  const failed = last.filter((p) => !p.ok);
  if (failed.length === 0) return undefined;
  const fired = failed.length >= s.probeK;
  const names = tally(failed.map((p) => p.probe));
  return {
    signal: "probe",
    fired,
    text: `${failed.length} of the last ${last.length} probes failed` + (names ? ` (${names})` : ""),
    at: fired ? failed[s.probeK - 1]!.at : failed.at(-1)!.at,
    score: fired ? 0.6 + (0.3 * (failed.length - s.probeK)) / Math.max(1, s.probeN - s.probeK) : partialScore(failed.length, s.probeK),
  };
}

const BAD: Record<string, number> = { degraded_performance: 0.55, partial_outage: 0.7, major_outage: 0.8 };
const label = (status: string) => status.replace(/_/g, " ");

/** Official components turned bad recently and still bad, with no incident to explain them. */
export function componentSignal(changes: readonly ComponentChange[], now: Date, openIncident: boolean, s: DetectorSettings): Reason | undefined {
  if (openIncident) return undefined;
  const latest = new Map<string, ComponentChange>();
  for (const c of [...changes].filter((c) => c.at.getTime() <= now.getTime()).sort(byTime)) latest.set(c.component, c);
  const bad = [...latest.values()].filter((c) => BAD[c.to] !== undefined && within(c.at, now, s.componentWindowMs)).sort(byTime);
  if (bad.length === 0) return undefined;
  return {
    signal: "component",
    fired: true,
    text: `${bad.map((c) => `${c.component} ${label(c.to)}`).join(", ")} on the status page, with no incident`,
    at: bad[0]!.at,
    score: Math.max(...bad.map((c) => BAD[c.to]!)),
  };
}
