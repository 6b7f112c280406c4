import { allowlistPrefix } from "../net/allowlist";
import { type Detected, detectSource, type NotDetected } from "../sources/detect";
import type { HttpFetcher } from "../sources/fetch/http";
import { type FormatObservation, type FormatWatchState, raisesChange } from "./format-watch";

/** What URL detection says about a page whose format changed: the kind that fits now, in words. */
export interface FormatSuggestion {
  /** The kind that fits now; absent when none does. */
  kind?: string;
  words: string;
}

export type SuggestKind = () => Promise<FormatSuggestion | undefined>;

/** Detection's result as a suggestion for a page watched as `currentKind`. Pure. */
export function describeSuggestion(currentKind: string, result: Detected | NotDetected): FormatSuggestion | undefined {
  if (result.ok) {
    const n = result.snapshot.components.length;
    const found = `${n} component${n === 1 ? "" : "s"}, ${result.snapshot.incidents.length} incident${result.snapshot.incidents.length === 1 ? "" : "s"}`;
    if (result.kind === currentKind) return { kind: result.kind, words: `${result.kind} still fits the page (${found} now)` };
    return { kind: result.kind, words: `the page now fits ${result.kind} (${found}): ${result.evidence}` };
  }
  if (result.refused) return undefined;
  return { words: `no kind statuswatch reads fits the page now (tried ${result.tried.length} documents)` };
}

export const SUGGEST_TIMEOUT_MS = 10_000;

/**
 * Runs URL detection on a watched page, bounded in time; a failure or a timeout is no suggestion.
 * The page's own URL is the operator's and is called as written; anything its content leads to
 * (feed links, another origin) gets the address check.
 */
export function suggestKind(page: { kind: string; url: string }, http: HttpFetcher, timeoutMs = SUGGEST_TIMEOUT_MS): SuggestKind {
  return async () => {
    let own: string | undefined;
    try {
      own = allowlistPrefix(new URL(page.url).origin);
    } catch {
      return undefined;
    }
    if (!own) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const untrusted = http.untrustedWith([own]);
    try {
      const result = await Promise.race([detectSource(page.url, { http: untrusted, allowlist: [own] }), late]);
      return result ? describeSuggestion(page.kind, result) : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Detection for one poll, run before its transaction so the provider's lock and a pooled connection
 * are not held while it waits on the page: only when, by the watch's state as the poll already knows
 * it (the scheduler's claim, or the row read before polling), this observation raises
 * source_format_changed; otherwise nothing, at no cost. The transaction's own read still decides: if
 * another instance moved the state meanwhile, the event may fire there without a suggestion (or the
 * one found here goes unused), which is acceptable for a rare race.
 */
export async function suggestionBeforeWriting(
  known: FormatWatchState | undefined,
  obs: FormatObservation,
  suggest: SuggestKind,
): Promise<FormatSuggestion | undefined> {
  if (!known || !raisesChange(known, obs)) return undefined;
  return suggest().catch(() => undefined);
}
