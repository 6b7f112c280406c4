/** A fixed-window counter per key, in memory (one process): enough to stop a form being used to flood inboxes. */
export class RateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when the call is allowed (and counted). */
  take(key: string, now = Date.now()): boolean {
    let entry = this.hits.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.hits.size >= this.maxKeys) this.prune(now);
      entry = { windowStart: now, count: 0 };
      this.hits.set(key, entry);
    }
    if (entry.count >= this.limit) return false;
    entry.count++;
    return true;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (now - v.windowStart >= this.windowMs) this.hits.delete(k);
    // Still full: forget the oldest rather than grow without bound.
    if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }
}
