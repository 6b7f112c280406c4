import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { type FailoverSnapshot, indexSnapshot } from "./answer";
import { loadHealth, loadUptime30d } from "./load";

export interface FailoverStateOptions {
  /** How old the state may be before a reader refreshes it itself (no background refresh running). */
  refreshMs: number;
  /** How often uptime30d is recomputed (it moves slowly and costs the most to read). */
  uptimeRefreshMs: number;
  log: Logger;
  now?: () => number;
}

/**
 * Every enabled provider's health, kept in memory so a failover answer is a lookup, not a scan.
 * Each instance keeps its own copy from the shared database. Refreshes are single-flight: however
 * many readers or notifications arrive, one read runs at a time, and a request for freshness that
 * arrives during a read starts one more after it (the running read may have missed that commit).
 */
export class FailoverState {
  private snapshot?: FailoverSnapshot;
  private inflight?: Promise<FailoverSnapshot>;
  private again = false;
  private uptime: Map<string, number | null> = new Map();
  private uptimeAsOf: number | null = null;
  private uptimeInflight?: Promise<void>;
  /** Set while a background refresher (jobs/failover-refresh.ts) keeps the state fresh. */
  private maintainedMaxAgeMs: number | undefined;
  private closed = false;
  /** Reads of the health state so far (for benchmarks and metrics). */
  reads = 0;
  private readonly now: () => number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly opts: FailoverStateOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * The current snapshot, from memory. Without a background refresher a reader refreshes a state
   * older than refreshMs itself (one shared read); with one, only a state older than its maximum
   * age (the refresher is stuck, e.g. the database is away) is read again, and that read's failure
   * is the caller's.
   */
  async current(): Promise<FailoverSnapshot> {
    const s = this.snapshot;
    const limit = this.maintainedMaxAgeMs ?? this.opts.refreshMs;
    if (s && this.now() - s.asOf.getTime() <= limit) return s;
    // A read already running started after this state went stale: fresh enough for a reader.
    return this.inflight ?? this.refresh();
  }

  /** Marks the state as kept fresh by a background refresher; readers then never wait for a read unless it falls behind. */
  maintained(maxAgeMs: number | undefined): void {
    this.maintainedMaxAgeMs = maxAgeMs;
  }

  /** Reads the state again (joining a read already running, and queueing one more after it). */
  refresh(): Promise<FailoverSnapshot> {
    if (this.closed && this.snapshot) return Promise.resolve(this.snapshot);
    if (this.inflight) {
      this.again = true;
      return this.inflight.then(() => this.inflight ?? this.snapshot!);
    }
    const run = this.read().finally(() => {
      this.inflight = undefined;
      if (this.again) {
        this.again = false;
        this.refresh().catch((err) => this.opts.log.warn({ err }, "failover state refresh failed"));
      }
    });
    this.inflight = run;
    return run;
  }

  /** No reads after this (the pool is about to close); waits for those running. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.inflight, this.uptimeInflight]);
  }

  private async read(): Promise<FailoverSnapshot> {
    // The read starts now: anything committed before this moment is in it, so asOf is a safe bound.
    const started = this.now();
    this.reads++;
    if (this.uptimeAsOf === null) await this.refreshUptime();
    else if (started - this.uptimeAsOf >= this.opts.uptimeRefreshMs) this.refreshUptimeInBackground();
    // Figures and their time as they stand now: a recomputation finishing meanwhile goes to the next snapshot.
    const uptime = this.uptime;
    const uptimeAsOf = this.uptimeAsOf;
    const health = await loadHealth(this.prisma, uptime);
    const snap = indexSnapshot(health, new Date(started), uptimeAsOf === null ? null : new Date(uptimeAsOf));
    this.snapshot = snap;
    return snap;
  }

  private refreshUptime(): Promise<void> {
    this.uptimeInflight ??= (async () => {
      const started = this.now();
      this.uptime = await loadUptime30d(this.prisma, new Date(started));
      this.uptimeAsOf = started;
    })().finally(() => {
      this.uptimeInflight = undefined;
    });
    return this.uptimeInflight;
  }

  /** Slow-moving figures must not delay the answer: the next snapshot after this picks them up. */
  private refreshUptimeInBackground(): void {
    if (this.uptimeInflight || this.closed) return;
    this.refreshUptime().then(
      () => void (this.closed ? undefined : this.refresh().catch((err) => this.opts.log.warn({ err }, "failover state refresh failed"))),
      (err) => this.opts.log.warn({ err }, "failover uptime refresh failed"),
    );
  }
}
