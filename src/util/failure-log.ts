import type { Logger } from "../logger";

/**
 * Logs a repeating loop's failures without a storm. With the database away, a loop that ticks
 * five times a second would write an error line every 200 ms; an operator needs the first one,
 * a reminder now and then while it lasts, and a line when it works again.
 */
export class FailureLog {
  private failingSince: number | undefined;
  private lastLoggedAt = 0;
  private quiet = 0;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly reminderMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(err: unknown): void {
    const t = this.now();
    if (this.failingSince === undefined) {
      this.failingSince = this.lastLoggedAt = t;
      this.quiet = 0;
      this.log.error({ err }, `${this.what} failed`);
    } else if (t - this.lastLoggedAt >= this.reminderMs) {
      this.log.error({ err, failingForMs: t - this.failingSince, failuresSinceLastLine: this.quiet + 1 }, `${this.what} still failing`);
      this.lastLoggedAt = t;
      this.quiet = 0;
    } else {
      this.quiet++;
      // Still there for whoever runs at debug level.
      this.log.debug({ err }, `${this.what} failed again`);
    }
  }

  succeeded(): void {
    if (this.failingSince === undefined) return;
    this.log.info({ failedForMs: this.now() - this.failingSince }, `${this.what} works again`);
    this.failingSince = undefined;
  }
}
