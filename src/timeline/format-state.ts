import type { Prisma } from "../generated/prisma/client";
import type { EventKind } from "../domain/status";
import { newEvent } from "../events/contract";
import { type FormatObservation, type FormatWatchState, sameFormatState, watchFormat } from "../poller/format-watch";
import type { FormatSuggestion } from "../poller/format-suggest";

type Tx = Prisma.TransactionClient;

/** The watch's columns as loadProviderPollState and recordFailure read them. */
export interface FormatColumns {
  kind: string;
  format_good_components: number | null;
  format_suspicious_polls: number;
  format_changed_since: Date | null;
}

export const FORMAT_COLUMNS = "kind, format_good_components, format_suspicious_polls, format_changed_since";

/** A provider given another kind or URL starts the watch afresh: the old baseline belonged to the old documents. */
export const FORMAT_WATCH_RESET = {
  formatGoodComponents: null,
  formatSuspiciousPolls: 0,
  formatChangedSince: null,
  formatChange: null,
  formatSuggestion: null,
} as const;

export function formatStateOf(row: FormatColumns): FormatWatchState {
  return { goodComponents: row.format_good_components, suspiciousPolls: row.format_suspicious_polls, changedSince: row.format_changed_since };
}

/** One poll's effect on the watch, decided before writing: the columns' new values and the events. */
export interface FormatWrite {
  goodComponents: number | null;
  suspiciousPolls: number;
  changedSince: Date | null;
  /** What changed, when source_format_changed is written now (the stored one is kept otherwise, until recovery clears it). */
  change: string | null;
  suggestion: string | null;
  /** Forget the validators, so the next poll reads the page in full. */
  refetch: boolean;
  events: { kind: EventKind; dedupeKey: string; data: unknown }[];
}

/**
 * Decides one poll's observation: undefined when the watch's state does not move (a healthy page, its
 * usual count: nothing to write). No I/O: `suggestion` is detection's finished answer, found before
 * the transaction (src/poller/format-suggest.ts suggestionBeforeWriting), used only when the event
 * fires. The state read under the lock decides, so when another instance moved it after the poll
 * looked, the event can fire here without a suggestion: acceptable, it only leaves out the hint.
 */
export function planFormatObservation(
  providerId: string,
  kind: string,
  prev: FormatWatchState,
  obs: FormatObservation,
  now: Date,
  suggestion?: FormatSuggestion,
): FormatWrite | undefined {
  const verdict = watchFormat(prev, obs, now);
  if (sameFormatState(prev, verdict.state) && !verdict.refetch) return undefined;
  const s = verdict.state;
  const events: FormatWrite["events"] = [];
  if (verdict.changed) {
    const data = {
      what: verdict.changed.what.slice(0, 500),
      kind,
      ...(suggestion ? { suggestion: suggestion.words.slice(0, 1000), ...(suggestion.kind ? { suggestedKind: suggestion.kind } : {}) } : {}),
    };
    events.push(newEvent("source_format_changed", data, { providerId, at: now }));
  }
  if (verdict.recovered) {
    const since = verdict.recovered.changedSince;
    const data = { what: verdict.recovered.what, changedSince: since.toISOString(), changedForSeconds: Math.round((now.getTime() - since.getTime()) / 1000) };
    events.push(newEvent("source_format_recovered", data, { providerId, at: now, part: since.toISOString() }));
  }
  return {
    goodComponents: s.goodComponents,
    suspiciousPolls: s.suspiciousPolls,
    changedSince: s.changedSince,
    change: verdict.changed ? verdict.changed.what.slice(0, 500) : null,
    suggestion: verdict.changed && suggestion ? suggestion.words.slice(0, 1000) : null,
    refetch: verdict.refetch,
    events,
  };
}

/**
 * Applies one poll's observation to the watch, in the caller's transaction (which holds the
 * provider's lock): writes the state only when it moved, and the change or recovery event with it.
 * (A poll that parsed writes the same through the timeline's one statement, src/timeline/write.ts.)
 * Returns the kinds written.
 */
export async function applyFormatObservation(
  tx: Tx,
  providerId: string,
  kind: string,
  prev: FormatWatchState,
  obs: FormatObservation,
  now: Date,
  suggestion?: FormatSuggestion,
): Promise<EventKind[]> {
  const w = planFormatObservation(providerId, kind, prev, obs, now, suggestion);
  if (!w) return [];
  // A suspicious poll forgets the validators, so the next poll reads the page in full: a 304 cannot hide the confirmation or the recovery.
  await tx.$executeRawUnsafe(
    `UPDATE providers SET format_good_components = $2::int, format_suspicious_polls = $3::int, format_changed_since = $4::timestamptz,
            format_change = CASE WHEN $4::timestamptz IS NULL THEN NULL WHEN $5::text IS NOT NULL THEN $5::text ELSE format_change END,
            format_suggestion = CASE WHEN $4::timestamptz IS NULL THEN NULL WHEN $5::text IS NOT NULL THEN $6::text ELSE format_suggestion END,
            http_cache = CASE WHEN $7::boolean THEN '{}'::jsonb ELSE http_cache END
      WHERE id = $1`,
    providerId,
    w.goodComponents,
    w.suspiciousPolls,
    w.changedSince ? w.changedSince.toISOString() : null,
    w.change,
    w.suggestion,
    w.refetch,
  );
  for (const e of w.events) {
    await tx.event.createMany({
      data: [{ providerId, occurredAt: now, kind: e.kind, dedupeKey: e.dedupeKey, data: e.data as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
  }
  return w.events.map((e) => e.kind);
}
