import type { ComponentStatus, Impact } from "../../domain/status";

/** The dashboard's severity codes, as RSS title prefixes and as `status` strings "0"–"3". */
export interface Severity {
  impact: Impact;
  component: ComponentStatus;
}

export const SEVERITY: Record<string, Severity> = {
  "0": { impact: "none", component: "operational" },
  "1": { impact: "minor", component: "degraded_performance" },
  "2": { impact: "major", component: "partial_outage" },
  "3": { impact: "critical", component: "major_outage" },
};
export const PREFIX_CODE: [RegExp, string][] = [
  [/^service is operating normally\s*:\s*/i, "0"],
  [/^informational message\s*:\s*/i, "1"],
  [/^performance issues\s*:\s*/i, "2"],
  [/^service disruption\s*:\s*/i, "3"],
  // The current dashboard's only impact prefix: read as a service disruption, the worst it can stand for.
  [/^service impact\s*:\s*/i, "3"],
];
/** Comes before the other prefixes ("Resolved: Informational message: …") and closes the post's incident. */
export const RESOLVED_PREFIX = /^\s*resolved\s*:\s*/i;
export const RESOLVED_MARK = /^\s*\[resolved\]\s*/i;

export const DAY_MS = 24 * 3600 * 1000;
