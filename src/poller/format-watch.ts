import type { Snapshot } from "../domain/snapshot";
import { SourceError } from "../sources/errors";

/**
 * Noticing that a page changed its format: it used to parse, and now its kind's document is gone
 * (404/410), is not what the kind reads (HTML for JSON, a parse error), or parses into nothing or a
 * fraction of its components. Pure: the poller feeds it one observation per poll and stores the
 * state it hands back on the provider row.
 */

/** What the watch remembers between polls (providers.format_* columns). */
export interface FormatWatchState {
  /** Components of the last poll that parsed as expected; null until the page has parsed once (0: parsed, no count to compare). */
  goodComponents: number | null;
  /** Suspicious polls in a row; a poll that reached nothing (timeout, dead host) neither counts nor resets. */
  suspiciousPolls: number;
  /** When source_format_changed was written; null while armed. */
  changedSince: Date | null;
}

/** One poll that reached the page, as the watch sees it. */
export type FormatObservation =
  /** `components` null: the kind derives components from its events, so their number says nothing about the format. */
  | { kind: "parsed"; components: number | null }
  /** The page answered, but not with what its kind reads; `what` says so in words. */
  | { kind: "broken"; what: string };

export interface FormatRules {
  /** A page needs at least this many components before losing a share of them is suspicious. */
  minComponents: number;
  /** The share of components lost (of the last good count) that is suspicious. */
  lostShare: number;
  /** Suspicious polls in a row before the event fires: one odd poll is a flicker. */
  sustainedPolls: number;
}

export const FORMAT_RULES: FormatRules = { minComponents: 4, lostShare: 0.5, sustainedPolls: 2 };

export interface FormatVerdict {
  state: FormatWatchState;
  /** Write source_format_changed, saying this. */
  changed?: { what: string };
  /** Write source_format_recovered: the page parses again with its components. */
  recovered?: { changedSince: Date; what: string };
  /** The poll was suspicious: the next one fetches in full (no conditional GET), so a 304 cannot hide the confirmation or the recovery. */
  refetch: boolean;
}

/** Why this observation is suspicious, in words; undefined when it is not (or the page never parsed, which is failing, not changed). */
export function suspicion(state: FormatWatchState, obs: FormatObservation, rules: FormatRules = FORMAT_RULES): string | undefined {
  const was = state.goodComponents;
  if (was === null) return undefined;
  if (obs.kind === "broken") return obs.what;
  const now = obs.components;
  if (now === null) return undefined;
  if (was >= 1 && now === 0) return `the page lists no components any more (components ${was} → 0)`;
  if (was >= rules.minComponents && was - now >= was * rules.lostShare) return `components ${was} → ${now}`;
  return undefined;
}

/** What a poll that parsed shows the watch. Pure. */
export function parsedObservation(snapshot: Pick<Snapshot, "components" | "componentsExhaustive">): FormatObservation {
  // Sources that derive components from their events list fewer as events end: their count says nothing about the format.
  return { kind: "parsed", components: snapshot.componentsExhaustive ? null : snapshot.components.length };
}

/**
 * Whether this observation, on this state, writes source_format_changed (what watchFormat's `changed`
 * would say), without the rest of the verdict: the poller asks it before its transaction, to run
 * detection only for the poll that fires.
 */
export function raisesChange(state: FormatWatchState, obs: FormatObservation, rules: FormatRules = FORMAT_RULES): boolean {
  return state.changedSince === null && state.suspiciousPolls + 1 >= rules.sustainedPolls && suspicion(state, obs, rules) !== undefined;
}

export function watchFormat(state: FormatWatchState, obs: FormatObservation, now: Date, rules: FormatRules = FORMAT_RULES): FormatVerdict {
  const suspect = suspicion(state, obs, rules);
  if (suspect !== undefined) {
    const polls = state.suspiciousPolls + 1;
    const fires = raisesChange(state, obs, rules);
    return {
      state: { goodComponents: state.goodComponents, suspiciousPolls: polls, changedSince: fires ? now : state.changedSince },
      ...(fires ? { changed: { what: suspect } } : {}),
      refetch: true,
    };
  }
  if (obs.kind === "broken") return { state, refetch: false };
  const components = obs.components ?? state.goodComponents ?? 0;
  const next: FormatWatchState = { goodComponents: components, suspiciousPolls: 0, changedSince: null };
  const recovered =
    state.changedSince !== null
      ? { changedSince: state.changedSince, what: obs.components === null ? "the page parses again" : `the page parses again with ${components} components` }
      : undefined;
  return { state: next, ...(recovered ? { recovered } : {}), refetch: false };
}

export function sameFormatState(a: FormatWatchState, b: FormatWatchState): boolean {
  return (
    a.goodComponents === b.goodComponents &&
    a.suspiciousPolls === b.suspiciousPolls &&
    (a.changedSince?.getTime() ?? null) === (b.changedSince?.getTime() ?? null)
  );
}

/**
 * A poll failure that means the page answered in another format, in words; undefined for failures
 * that mean it could not be reached (network, timeout, 5xx, 429: those are source_unreachable's).
 */
export function formatProblem(err: unknown): string | undefined {
  if (!(err instanceof SourceError)) return undefined;
  if (err.kind === "invalid_payload") return `the page answered, but ${err.message}`;
  if (err.kind === "http_status" && (err.status === 404 || err.status === 410)) {
    return `the page returned ${err.status} for ${pathOf(err.url) ?? "its document"}`;
  }
  return undefined;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
