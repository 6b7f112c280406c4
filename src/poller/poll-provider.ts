import type { PrismaClient } from "../generated/prisma/client";
import type { EventKind } from "../domain/status";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics/metrics";
import { describeError } from "../sources/errors";
import type { HttpFetcher, Validators } from "../sources/fetch/http";
import { sourceKind } from "../sources/registry";
import type { PollResult, ProviderEntry } from "../sources/types";
import { ingestSnapshot, recordFailure, recordSuccess, successIsFresh, type FailureSchedule } from "../timeline/ingest";
import { loadProviderPollState, loadProviderPollStates, type ProviderPollState } from "../timeline/store";
import { suggestionBeforeWriting, suggestKind } from "./format-suggest";
import { type FormatWatchState, formatProblem, parsedObservation } from "./format-watch";

export interface PollDeps {
  prisma: PrismaClient;
  http: HttpFetcher;
  /** For sources already unreachable: one request per poll, no retries (the backoff spaces the polls). */
  httpWithoutRetries?: HttpFetcher;
  failureThreshold: number;
  log: Logger;
  now?: () => Date;
  /** Runs after a poll changed the timeline (early-warning detection); its failure is logged, not the poll's. */
  afterIngest?: (providerId: string) => Promise<void>;
  metrics?: Metrics;
  /** How long URL detection may take when a page's format changed (its suggestion is left out after that). */
  formatSuggestTimeoutMs?: number;
}

export interface PollOutcome {
  providerId: string;
  result: "updated" | "unchanged" | "failed";
  reason?: string;
  /** Items of the page that could not be read and were left out, with the reason for each. */
  skipped?: string[];
  events: number;
  /** Events written, by kind. */
  eventKinds?: Partial<Record<EventKind, number>>;
  durationMs: number;
}

/** What the scheduler's claim already knows, so a poll needs no read and as few writes as possible. */
export interface PollOptions {
  validators: Record<string, Validators>;
  /** The claim recorded this poll as a success in advance: an unchanged page writes nothing more. */
  successRecorded: boolean;
  /** The source is unreachable: no retries. */
  unreachable: boolean;
  /** Written with a failure (next due time after backoff, last_success_at put back). */
  onFailure: FailureSchedule;
  /** The format watch's state at the claim: whether this poll raises source_format_changed, and so runs detection first. */
  format: FormatWatchState;
}

/**
 * Polls one provider and records the outcome. Never throws for anything the page does: a failure
 * is recorded on the provider with its reason. Database errors do propagate (the service is broken).
 */
export async function pollProvider(deps: PollDeps, entry: ProviderEntry, claimed?: PollOptions, known?: ProviderPollState): Promise<PollOutcome> {
  const outcome = await pollAndStore(deps, entry, claimed, known);
  const m = deps.metrics;
  if (m) {
    m.polls.inc({ kind: entry.kind, result: outcome.result });
    m.pollDuration.observe({ kind: entry.kind }, outcome.durationMs / 1000);
    for (const [kind, n] of Object.entries(outcome.eventKinds ?? {})) m.events.inc({ kind }, n);
  }
  return outcome;
}

async function pollAndStore(deps: PollDeps, entry: ProviderEntry, claimed?: PollOptions, known?: ProviderPollState): Promise<PollOutcome> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const done = (result: PollOutcome["result"], events = 0, reason?: string): PollOutcome => ({
    providerId: entry.id,
    result,
    reason,
    events,
    durationMs: Date.now() - started,
  });
  const kind = sourceKind(entry.kind);
  // A claimed poll knows the row already, and so does one of pollProviders' cycle; otherwise one read of it.
  const provider = claimed || !kind ? undefined : (known ?? (await loadProviderPollState(deps.prisma, entry.id)));
  const validators = claimed ? claimed.validators : (provider?.httpCache as Record<string, Validators> | undefined);
  if (!kind || !validators) return done("failed", 0, !kind ? `unknown kind ${entry.kind}` : "provider not in the database");
  const onFailure = claimed?.onFailure ?? {};
  const http = claimed?.unreachable && deps.httpWithoutRetries ? deps.httpWithoutRetries : deps.http;

  const suggest = suggestKind(entry, deps.http, deps.formatSuggestTimeoutMs);
  // Detection (up to its time bound) runs before the write's transaction, never inside it.
  const formatKnown = claimed ? claimed.format : provider?.format;

  let polled: PollResult;
  try {
    const options = kind.options.safeParse(entry.options ?? {});
    if (!options.success) throw new Error(`the provider's options are invalid: ${options.error.issues[0]?.message ?? "unknown"}`);
    polled = await kind.poll({ ...entry, options: options.data }, { http, validators, now: now() });
  } catch (err) {
    const reason = describeError(err);
    // The page answered, in another format: the format watch's business, not a step towards unreachable.
    const what = formatProblem(err);
    const format = what === undefined ? undefined : { what, suggestion: await suggestionBeforeWriting(formatKnown, { kind: "broken", what }, suggest) };
    const { unreachable } = await recordFailure(deps.prisma, entry.id, reason, now(), deps.failureThreshold, onFailure, format);
    deps.log.warn({ provider: entry.id, reason, unreachable }, "poll failed");
    return done("failed", 0, reason);
  }
  if (polled.kind === "unchanged") {
    // Nothing to write when the claim recorded the success already, or the source was healthy a
    // moment ago: a 304 then costs no row.
    const fresh = claimed ? claimed.successRecorded : !!provider && successIsFresh(provider, now());
    if (!fresh) await recordSuccess(deps.prisma, entry.id, now());
    return done("unchanged");
  }
  let result: Awaited<ReturnType<typeof ingestSnapshot>>;
  try {
    const suggestion = await suggestionBeforeWriting(formatKnown, parsedObservation(polled.snapshot), suggest);
    result = await ingestSnapshot(deps.prisma, entry.id, polled.snapshot, polled.validators, now(), suggestion);
  } catch (err) {
    // Something in this page the database refused: a failure of this source, recorded like one so it
    // shows and can go unreachable. When even that cannot be written, the database itself is down.
    const reason = `the page could not be stored: ${storeError(err)}`;
    const { unreachable } = await recordFailure(deps.prisma, entry.id, reason, now(), deps.failureThreshold, onFailure).catch(() => {
      throw err;
    });
    deps.log.error({ provider: entry.id, err, unreachable }, "poll could not be stored");
    return done("failed", 0, reason);
  }
  if (result.changed) deps.log.info({ provider: entry.id, events: result.events }, "timeline updated");
  if (result.changed && deps.afterIngest) {
    await deps.afterIngest(entry.id).catch((err) => deps.log.error({ provider: entry.id, err }, "outage detection failed after ingest"));
  }
  const skipped = polled.snapshot.skipped;
  if (skipped?.length) deps.log.warn({ provider: entry.id, skipped: skipped.slice(0, 20) }, `${skipped.length} item(s) of the page left out`);
  return { ...done(result.changed ? "updated" : "unchanged", result.events), eventKinds: result.kinds, ...(skipped?.length ? { skipped } : {}) };
}

/** The database's reason, without the statement or the values (which may be long, or someone's data). */
function storeError(err: unknown): string {
  const e = err as { code?: string; severity?: string; meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } }; message?: string };
  // Prisma wraps the server's message; pg (the timeline's own transaction) hands it over as is.
  const original = e.meta?.driverAdapterError?.cause?.originalMessage ?? (e.severity ? e.message : undefined);
  return (original ?? e.code ?? "database error").slice(0, 200);
}

/** Providers whose poll state one statement of pollProviders reads. */
const STATE_CHUNK = 1000;

/**
 * One poll of each entry, `concurrency` at once, outside the shared scheduler (poll:once): the
 * providers' rows are read a chunk at a time in one statement, so an unchanged page costs its
 * conditional GETs and no round trip of its own to the database.
 */
export async function pollProviders(deps: PollDeps, entries: ProviderEntry[], concurrency: number): Promise<PollOutcome[]> {
  // A chunk is read when the first poll reaches it, so the polls never wait for a whole chunk to end.
  // Each poll takes its row out, and a chunk whose polls have all started is dropped: the rows (and
  // their HTTP validators) of a 10,000-provider cycle are not all held until its end.
  const chunks = new Map<number, { states: Promise<Map<string, ProviderPollState>>; left: number }>();
  const take = async (i: number): Promise<ProviderPollState | undefined> => {
    const c = Math.floor(i / STATE_CHUNK);
    let chunk = chunks.get(c);
    if (!chunk) {
      const ids = entries.slice(c * STATE_CHUNK, (c + 1) * STATE_CHUNK).map((e) => e.id);
      chunk = { states: loadProviderPollStates(deps.prisma, ids), left: ids.length };
      chunks.set(c, chunk);
    }
    if (--chunk.left === 0) chunks.delete(c);
    const states = await chunk.states;
    const id = entries[i]!.id;
    const state = states.get(id);
    states.delete(id);
    return state;
  };
  const indices = entries.map((_, i) => i);
  return mapLimit(indices, concurrency, async (i) => pollProvider(deps, entries[i]!, undefined, await take(i)));
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
