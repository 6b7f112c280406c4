import type { Logger } from "../logger";
import type { ProviderEntry } from "../sources/types";
import { pollDelaySeconds } from "./backoff";
import { claimDueProviders, releaseOwnLeases, renewLeases, type ClaimedProvider } from "./claim";
import { pollProvider, type PollDeps, type PollOutcome } from "./poll-provider";

export interface SchedulerOptions {
  /** This process's id in leases (unique among live instances). */
  instanceId: string;
  /** Polls running at once in this process, however the ticks overlap. */
  concurrency: number;
  /** Upper bound of an unreachable source's backed-off interval. */
  backoffMaxSeconds: number;
  /** How early a tick may take a provider when the tick does not say (half a tick keeps polls on the tick grid). */
  earlyMs?: number;
}

/**
 * Works from the providers table: each tick claims as many due providers as this process has free
 * slots (leases in Postgres, so any number of instances share the work and each provider is polled
 * about once per interval in total) and polls them. Slots are taken before the claim is sent, so
 * overlapping ticks never run more than `concurrency` polls at once.
 */
export class PollScheduler {
  private readonly inFlight = new Map<string, { startedMs: number; intervalMs: number }>();
  private busy = 0;
  private started = false;

  constructor(
    private readonly deps: PollDeps,
    private readonly opts: SchedulerOptions,
    private readonly log: Logger,
  ) {}

  get running(): number {
    return this.busy;
  }

  /** One tick: claims and polls what is due (or due within `earlyMs`); resolves when those polls have finished. */
  async tick(earlyMs = this.opts.earlyMs): Promise<PollOutcome[]> {
    if (!this.started) {
      this.started = true;
      const released = await releaseOwnLeases(this.deps.prisma, this.opts.instanceId);
      if (released > 0) this.log.info({ released }, "took back the poll leases this instance held before it stopped");
    }
    await this.renewSlowLeases();
    const slots = this.opts.concurrency - this.busy;
    if (slots <= 0) return [];
    this.busy += slots;
    let claimed: ClaimedProvider[] = [];
    try {
      claimed = await claimDueProviders(this.deps.prisma, this.opts.instanceId, slots, [...this.inFlight.keys()], earlyMs);
    } finally {
      this.busy -= slots - claimed.length;
    }
    return Promise.all(claimed.map((c) => this.poll(c)));
  }

  private async poll(c: ClaimedProvider): Promise<PollOutcome> {
    this.inFlight.set(c.id, { startedMs: Date.now(), intervalMs: c.pollIntervalSeconds * 1000 });
    const entry: ProviderEntry = {
      id: c.id,
      name: c.name,
      kind: c.kind,
      url: c.url,
      pollIntervalSeconds: c.pollIntervalSeconds,
      category: c.category ?? undefined,
      options: c.options,
    };
    const delay = pollDelaySeconds(c.pollIntervalSeconds, c.consecutiveFailures + 1, this.deps.failureThreshold, this.opts.backoffMaxSeconds);
    try {
      return await pollProvider(this.deps, entry, {
        validators: c.httpCache,
        successRecorded: c.successRecorded,
        unreachable: c.consecutiveFailures >= this.deps.failureThreshold,
        onFailure: { nextPollInSeconds: delay, ...(c.successRecorded ? { lastSuccessAt: c.lastSuccessAt } : {}) },
        format: c.format,
      });
    } catch (err) {
      this.log.error({ provider: c.id, err }, "poll could not be recorded");
      return { providerId: c.id, result: "failed", reason: (err as Error).message, events: 0, durationMs: 0 };
    } finally {
      this.inFlight.delete(c.id);
      this.busy--;
    }
  }

  /** A poll running past half its interval keeps its lease, so no other instance starts the same page. */
  private async renewSlowLeases(): Promise<void> {
    const now = Date.now();
    const slow = [...this.inFlight].filter(([, f]) => now - f.startedMs > f.intervalMs / 2).map(([id]) => id);
    await renewLeases(this.deps.prisma, this.opts.instanceId, slow).catch((err) => this.log.warn({ err }, "poll leases could not be renewed"));
  }
}
