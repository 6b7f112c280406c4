import type { Logger } from "../logger";
import type { ProviderEntry } from "../sources/types";
import { mapLimit, pollProvider, type PollDeps, type PollOutcome } from "./poll-provider";

/**
 * Decides which providers are due on each tick and polls them with a concurrency limit. A provider
 * still being polled is never started again, so runs cannot overlap even when a page is slow.
 */
export class PollScheduler {
  private readonly inFlight = new Set<string>();
  private readonly lastStarted = new Map<string, number>();
  private running = 0;

  constructor(
    private readonly deps: PollDeps,
    private readonly entries: ProviderEntry[],
    private readonly concurrency: number,
    private readonly log: Logger,
  ) {}

  dueAt(nowMs: number): ProviderEntry[] {
    return this.entries.filter((e) => {
      if (this.inFlight.has(e.id)) return false;
      const last = this.lastStarted.get(e.id);
      return last === undefined || nowMs - last >= e.pollIntervalSeconds * 1000 - 500;
    });
  }

  /** One tick: polls every due provider; resolves when they have all finished. */
  async tick(nowMs = Date.now()): Promise<PollOutcome[]> {
    const due = this.dueAt(nowMs);
    for (const e of due) {
      this.inFlight.add(e.id);
      this.lastStarted.set(e.id, nowMs);
    }
    const slots = Math.max(1, this.concurrency - this.running);
    return mapLimit(due, slots, async (entry) => {
      this.running++;
      try {
        return await pollProvider(this.deps, entry);
      } catch (err) {
        this.log.error({ provider: entry.id, err }, "poll could not be recorded");
        return { providerId: entry.id, result: "failed" as const, reason: (err as Error).message, events: 0, durationMs: 0 };
      } finally {
        this.running--;
        this.inFlight.delete(entry.id);
      }
    });
  }
}
