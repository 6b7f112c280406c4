/** A Retry-After header (seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryDelayOptions {
  random?: () => number;
  now?: number;
  /** The longest wait a Retry-After may impose; unbounded when absent. */
  retryAfterCapMs?: number;
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry): exponential backoff from
 * `baseMs`, capped at `maxMs`, with equal jitter so many clients do not retry in step. A receiver's
 * own Retry-After wins (a header string, or milliseconds already read from one), plus up to 250 ms
 * of jitter. The one backoff used by every outbound caller (sources and notifications).
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, retryAfter?: string | number | null, opts: RetryDelayOptions = {}): number {
  const random = opts.random ?? Math.random;
  const asked = typeof retryAfter === "number" ? Math.max(0, retryAfter) : parseRetryAfter(retryAfter, opts.now);
  if (asked !== undefined) return Math.min(asked, opts.retryAfterCapMs ?? Number.POSITIVE_INFINITY) + Math.floor(random() * 250);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
