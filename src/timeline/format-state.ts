import type { Prisma } from "../generated/prisma/client";
import type { EventKind } from "../domain/status";
import { newEvent } from "../events/contract";
import { type FormatObservation, type FormatWatchState, sameFormatState, watchFormat } from "../poller/format-watch";
import type { SuggestKind } from "../poller/format-suggest";

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

/**
 * Applies one poll's observation to the watch, in the caller's transaction (which holds the
 * provider's lock): writes the state only when it moved, and the change or recovery event with it.
 * Detection runs here, bounded by `suggest` itself, so the event and its suggestion are one commit;
 * it happens once per change, so holding the row that long is rare. Returns the kinds written.
 */
export async function applyFormatObservation(
  tx: Tx,
  providerId: string,
  kind: string,
  prev: FormatWatchState,
  obs: FormatObservation,
  now: Date,
  suggest?: SuggestKind,
): Promise<EventKind[]> {
  const verdict = watchFormat(prev, obs, now);
  if (sameFormatState(prev, verdict.state) && !verdict.refetch) return [];
  const s = verdict.state;
  const suggestion = verdict.changed && suggest ? await suggest().catch(() => undefined) : undefined;
  // A suspicious poll forgets the validators, so the next poll reads the page in full: a 304 cannot hide the confirmation or the recovery.
  await tx.$executeRawUnsafe(
    `UPDATE providers SET format_good_components = $2::int, format_suspicious_polls = $3::int, format_changed_since = $4::timestamptz,
            format_change = CASE WHEN $4::timestamptz IS NULL THEN NULL WHEN $5::text IS NOT NULL THEN $5::text ELSE format_change END,
            format_suggestion = CASE WHEN $4::timestamptz IS NULL THEN NULL WHEN $5::text IS NOT NULL THEN $6::text ELSE format_suggestion END,
            http_cache = CASE WHEN $7::boolean THEN '{}'::jsonb ELSE http_cache END
      WHERE id = $1`,
    providerId,
    s.goodComponents,
    s.suspiciousPolls,
    s.changedSince ? s.changedSince.toISOString() : null,
    verdict.changed ? verdict.changed.what.slice(0, 500) : null,
    suggestion ? suggestion.words.slice(0, 1000) : null,
    verdict.refetch,
  );
  const written: EventKind[] = [];
  if (verdict.changed) {
    const data = {
      what: verdict.changed.what.slice(0, 500),
      kind,
      ...(suggestion ? { suggestion: suggestion.words.slice(0, 1000), ...(suggestion.kind ? { suggestedKind: suggestion.kind } : {}) } : {}),
    };
    await tx.event.createMany({
      data: [{ providerId, occurredAt: now, ...newEvent("source_format_changed", data, { providerId, at: now }) }],
      skipDuplicates: true,
    });
    written.push("source_format_changed");
  }
  if (verdict.recovered) {
    const since = verdict.recovered.changedSince;
    const data = { what: verdict.recovered.what, changedSince: since.toISOString(), changedForSeconds: Math.round((now.getTime() - since.getTime()) / 1000) };
    await tx.event.createMany({
      data: [{ providerId, occurredAt: now, ...newEvent("source_format_recovered", data, { providerId, at: now, part: since.toISOString() }) }],
      skipDuplicates: true,
    });
    written.push("source_format_recovered");
  }
  return written;
}
