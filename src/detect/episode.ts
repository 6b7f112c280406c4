import type { Judgement } from "./types";

/**
 * An outage episode's life, decided as a pure step: statuswatch suspects (signals crossed while the
 * page admits nothing), the page confirms (opens an incident), or the signals calm down unconfirmed.
 */
export type EpisodeState = "suspected" | "confirmed" | "unacknowledged" | "false_alarm";

export interface Episode {
  state: EpisodeState;
  /** The signal's own time when the detector's threshold was crossed (Judgement.since). */
  suspectedAt: Date;
  /** When statuswatch decided (the step's `now`); later than suspectedAt by the polling delay. */
  openedAt: Date;
  /** The latest step whose judgement was not ok. */
  lastAbnormalAt: Date;
  peakConfidence: number;
  /** The official incident that confirmed it. */
  incidentId?: string;
  /** The page's time on that incident's first update; when it shows none, when statuswatch first saw it. */
  acknowledgedAt?: Date;
  /** acknowledgedAt − suspectedAt, whole seconds; negative when the page spoke first. */
  leadSeconds?: number;
  /** Set when the episode is over (cleared, or its incident resolved). */
  endedAt?: Date;
}

export interface OfficialState {
  openIncident: boolean;
  incidentId?: string;
  /** The time the page shows on the open incident's first update. */
  firstUpdateAt?: Date;
  /** When statuswatch first saw the open incident. */
  seenAt?: Date;
  /** When the provider's latest incident was resolved (none open now). */
  lastResolvedAt?: Date;
}

export interface EpisodeSettings {
  /** Signals must be back to normal this long before an unconfirmed episode is cleared. */
  clearHoldMs: number;
  /** An unconfirmed episode whose confidence reached this is kept as an unacknowledged outage, else a false alarm. */
  strongConfidence: number;
}

export const DEFAULT_EPISODE_SETTINGS: Readonly<EpisodeSettings> = Object.freeze({ clearHoldMs: 30 * 60_000, strongConfidence: 0.8 });

export type EpisodeAction =
  | { kind: "open"; event: "outage_suspected"; suspectedAt: Date; confidence: number }
  | { kind: "confirm"; event: "outage_confirmed"; incidentId?: string; acknowledgedAt: Date; leadSeconds: number }
  | { kind: "clear"; event: "outage_cleared"; outcome: "unacknowledged" | "false_alarm" }
  /** A confirmed episode ends with its incident; no event of its own (incident_resolved says it). */
  | { kind: "resolve" };

export interface EpisodeStep {
  /** The episode after this step (ended ones carry endedAt); undefined when there is none. */
  episode?: Episode;
  actions: EpisodeAction[];
  /** The episode differs from `prev`: persist it. */
  changed: boolean;
}

/** One step: the open episode (an ended one counts as none), this moment's judgement and official state. */
export function stepEpisode(
  prev: Episode | undefined,
  judgement: Judgement,
  official: OfficialState,
  now: Date,
  overrides: Partial<EpisodeSettings> = {},
): EpisodeStep {
  const s = { ...DEFAULT_EPISODE_SETTINGS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const abnormal = judgement.state !== "ok";
  const current = prev && !prev.endedAt ? prev : undefined;

  if (!current) {
    // Only a warning the page has not given yet is an episode; an incident the page opened first is just an incident.
    if (judgement.state !== "suspected" || official.openIncident) return { episode: undefined, actions: [], changed: false };
    // Signals still up from before the page resolved its incident are that incident's tail, not news.
    const began = judgement.onset ?? judgement.since;
    if (began && official.lastResolvedAt && began.getTime() <= official.lastResolvedAt.getTime()) return { episode: undefined, actions: [], changed: false };
    const suspectedAt = judgement.since ?? now;
    return {
      episode: { state: "suspected", suspectedAt, openedAt: now, lastAbnormalAt: now, peakConfidence: judgement.confidence },
      actions: [{ kind: "open", event: "outage_suspected", suspectedAt, confidence: judgement.confidence }],
      changed: true,
    };
  }

  const next: Episode = { ...current };
  if (abnormal) {
    next.lastAbnormalAt = now;
    next.peakConfidence = Math.max(current.peakConfidence, judgement.confidence);
  }
  const actions: EpisodeAction[] = [];

  if (current.state === "suspected" && official.openIncident) {
    const acknowledgedAt = official.firstUpdateAt ?? official.seenAt ?? now;
    next.state = "confirmed";
    next.acknowledgedAt = acknowledgedAt;
    next.leadSeconds = Math.round((acknowledgedAt.getTime() - current.suspectedAt.getTime()) / 1000);
    if (official.incidentId !== undefined) next.incidentId = official.incidentId;
    actions.push({
      kind: "confirm",
      event: "outage_confirmed",
      acknowledgedAt,
      leadSeconds: next.leadSeconds,
      ...(official.incidentId !== undefined ? { incidentId: official.incidentId } : {}),
    });
  } else if (current.state === "suspected" && !abnormal && now.getTime() - next.lastAbnormalAt.getTime() >= s.clearHoldMs) {
    const outcome = next.peakConfidence >= s.strongConfidence ? "unacknowledged" : "false_alarm";
    next.state = outcome;
    next.endedAt = now;
    actions.push({ kind: "clear", event: "outage_cleared", outcome });
  } else if (current.state === "confirmed" && !official.openIncident) {
    next.endedAt = now;
    actions.push({ kind: "resolve" });
  }

  const changed = actions.length > 0 || next.lastAbnormalAt !== current.lastAbnormalAt || next.peakConfidence !== current.peakConfidence;
  return { episode: next, actions, changed };
}
