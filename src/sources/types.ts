import type { SlaTerms } from "../sla/terms";
import { parseJson } from "./parse/parse-helpers";
import type { z } from "zod";
import type { Snapshot } from "../domain/snapshot";
import type { FetchRequest, HttpFetcher, Validators } from "./fetch/http";

/** A catalog entry after validation; `options` has been checked by the kind's own schema. */
export interface ProviderEntry<Options = unknown> {
  id: string;
  name: string;
  kind: string;
  url: string;
  pollIntervalSeconds: number;
  category?: string;
  /** Components users care about most on this page (display hint). */
  components?: string[];
  options: Options;
  /** Early-warning signals polled beside the page (src/outages), never part of its timeline. */
  signals?: SignalEntry[];
  /** Published or contracted monthly SLA, stored on the provider row for the SLA report. */
  sla?: SlaTerms;
  /** What the provider does (e.g. "llm-api"); the failover answer ranks providers sharing one. */
  capabilities?: string[];
  /** Provider ids a team names as fallbacks for this one. */
  alternatives?: string[];
}

export interface SignalEntry {
  kind: string;
  url: string;
  options: Record<string, unknown>;
  pollIntervalSeconds: number;
}

export interface SourceContext {
  http: HttpFetcher;
  /** Conditional-GET validators from the last successful poll, keyed by URL. */
  validators: Record<string, Validators>;
  now: Date;
}

export type PollResult = { kind: "unchanged" } | { kind: "snapshot"; snapshot: Snapshot; validators: Record<string, Validators> };

/**
 * One status-page kind. `poll` does the I/O and hands the payloads to the kind's pure parser;
 * it throws SourceError on any failure and never returns a partial snapshot.
 */
export interface SourceKind<Options = unknown> {
  kind: string;
  /** Validates the catalog entry's kind-specific `options`. */
  options: z.ZodType<Options>;
  poll(entry: ProviderEntry<Options>, ctx: SourceContext): Promise<PollResult>;
}

export type Documents = Map<string, string>;

/**
 * Fetches a set of documents conditionally. When every one answers 304 the page is unchanged;
 * otherwise any 304 document is fetched again without validators, so the parser always sees a
 * complete, consistent set. Optional documents missing with 404 are left out of the map.
 */
export async function fetchDocuments(
  ctx: SourceContext,
  requests: FetchRequest[],
): Promise<{ kind: "unchanged" } | { kind: "documents"; documents: Documents; validators: Record<string, Validators> }> {
  const results = await Promise.all(requests.map((r) => ctx.http.get({ ...r, validators: ctx.validators[r.url] })));
  if (results.every((r) => r.kind === "not_modified" || r.kind === "absent") && results.some((r) => r.kind === "not_modified")) {
    return { kind: "unchanged" };
  }
  const documents: Documents = new Map();
  const validators: Record<string, Validators> = {};
  for (let i = 0; i < results.length; i++) {
    let result = results[i]!;
    if (result.kind === "not_modified") result = await ctx.http.get({ ...requests[i]!, validators: undefined });
    if (result.kind === "body") {
      documents.set(result.url, result.body);
      if (result.validators.etag || result.validators.lastModified) validators[result.url] = result.validators;
    }
  }
  return { kind: "documents", documents, validators };
}

/** A fetched document parsed as JSON; undefined when it was not fetched or was absent. */
export function jsonDocument(documents: Documents, url: string | undefined, what: string): unknown {
  const text = url === undefined ? undefined : documents.get(url);
  return text === undefined ? undefined : parseJson(text, what);
}

/** Joins a page's base URL and a path without doubling or dropping slashes. */
export function underBase(base: string, path: string): string {
  return base.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}
