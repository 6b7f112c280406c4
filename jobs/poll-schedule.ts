import type { Logger } from "../src/logger";
import type { PollScheduler } from "../src/poller/scheduler";
import { FailureLog } from "../src/util/failure-log";
import { tickLoop } from "./tick-loop";

export interface Schedule {
  stop(): Promise<void>;
}

/**
 * Every tick, poll whatever providers are due; the scheduler keeps each provider to its interval.
 * The tick is sized again before each one (`tickSeconds`), so an interval shortened or a provider
 * added while running is polled on time without a restart.
 */
export function schedulePolling(scheduler: PollScheduler, log: Logger, tickSeconds: () => Promise<number>): Schedule {
  const pending = new Set<Promise<unknown>>();
  const failures = new FailureLog(log, "poll tick");
  const loop = tickLoop(tickSeconds, (seconds) => {
    // Half a tick early keeps polls on the tick grid: a poll due 5 ms after a tick does not wait a whole one.
    const run = scheduler.tick(seconds * 500).then(
      () => failures.succeeded(),
      (err) => failures.failed(err),
    );
    pending.add(run);
    void run.finally(() => pending.delete(run));
  });
  return {
    async stop() {
      await loop.stop();
      await Promise.allSettled([...pending]);
    },
  };
}
