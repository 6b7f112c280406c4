import { crowdSignal } from "./crowd";
import { componentSignal, probeSignal, reportsSignal } from "./own-signals";
import { resolveSettings } from "./settings";
export { DEFAULT_SETTINGS } from "./settings";
import type { DetectorInput, DetectorSettings, Judgement, Reason } from "./types";

/** Independent evidence: 1 − Π(1 − score). */
const combine = (scores: number[]) => 1 - scores.reduce((left, s) => left * (1 - Math.min(1, Math.max(0, s))), 1);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One provider's early-warning verdict from its signals. Pure: the same input gives the same
 * judgement, whatever the clock. README "Early warning: how the detector decides" states the rules.
 */
export function judge(input: DetectorInput, overrides?: Partial<DetectorSettings>): Judgement {
  const s = resolveSettings(overrides);
  const crowd = crowdSignal(input.crowd, input.crowdHistory ?? [], input.now, s);
  const reasons = [
    crowd.reason,
    reportsSignal(input.reports, input.now, s),
    probeSignal(input.probes, input.now, s),
    componentSignal(input.componentChanges, input.now, input.openIncident, s),
  ].filter((r): r is Reason => r !== undefined && r.score > 0);

  const signals = combine(reasons.map((r) => r.score));
  // The crossing time: add the evidence in the order the signals reached it.
  let since: Date | undefined;
  let seen: number[] = [];
  for (const r of [...reasons].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    seen = [...seen, r.score];
    if (combine(seen) >= s.suspectThreshold) {
      since = r.at;
      break;
    }
  }
  const state = input.openIncident ? "confirmed" : signals >= s.suspectThreshold ? "suspected" : "ok";
  const confidence = input.openIncident ? combine([signals, s.officialWeight]) : signals;
  const judgement: Judgement = { state, confidence: round3(confidence), reasons: reasons.sort((a, b) => b.score - a.score) };
  if (since) judgement.since = since;
  if (since && crowd.onset && crowd.reason?.fired) judgement.onset = crowd.onset;
  return judgement;
}
