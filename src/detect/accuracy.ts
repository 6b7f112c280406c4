import { median, percentile } from "./stats";
import type { EpisodeState } from "./episode";

export type Grade = "A" | "B" | "C" | "D" | "F";

export interface EpisodeRecord {
  state: EpisodeState;
  leadSeconds?: number | null;
}

export interface Accuracy {
  episodes: number;
  acknowledged: number;
  unacknowledged: number;
  falseAlarms: number;
  medianAckLagSeconds: number | null;
  p90AckLagSeconds: number | null;
  /** null: no real outage in the period, nothing to grade the page on. */
  grade: Grade | null;
}

/**
 * How a page admits outages, strictest first: the share of real outages (acknowledged + unacknowledged;
 * false alarms are ours, not the page's) that the page acknowledged, and its median lag behind our warning.
 * README "Early warning" carries this table.
 */
export const GRADE_RULES: ReadonlyArray<{ grade: Grade; minAcknowledgedShare: number; maxMedianLagSeconds: number }> = [
  { grade: "A", minAcknowledgedShare: 0.95, maxMedianLagSeconds: 5 * 60 },
  { grade: "B", minAcknowledgedShare: 0.85, maxMedianLagSeconds: 15 * 60 },
  { grade: "C", minAcknowledgedShare: 0.7, maxMedianLagSeconds: 30 * 60 },
  { grade: "D", minAcknowledgedShare: 0.5, maxMedianLagSeconds: 60 * 60 },
];

/** Episodes of one provider over a period (the caller picks them) → counts, lags and grade. Still-open episodes count only in `episodes`. */
export function accuracy(episodes: readonly EpisodeRecord[]): Accuracy {
  const acked = episodes.filter((e) => e.state === "confirmed");
  const unacknowledged = episodes.filter((e) => e.state === "unacknowledged").length;
  const falseAlarms = episodes.filter((e) => e.state === "false_alarm").length;
  // A page that spoke before our signals was not late: its lag is 0, not negative.
  const lags = acked.map((e) => Math.max(0, e.leadSeconds ?? 0));
  const med = lags.length ? Math.round(median(lags)) : null;
  const p90 = lags.length ? percentile(lags, 0.9) : null;
  const real = acked.length + unacknowledged;
  let grade: Grade | null = null;
  if (real > 0) {
    const share = acked.length / real;
    grade = GRADE_RULES.find((r) => share >= r.minAcknowledgedShare && med !== null && med <= r.maxMedianLagSeconds)?.grade ?? "F";
  }
  return { episodes: episodes.length, acknowledged: acked.length, unacknowledged, falseAlarms, medianAckLagSeconds: med, p90AckLagSeconds: p90, grade };
}
