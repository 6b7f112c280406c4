import cron from "node-cron";
import type { Logger } from "../src/logger";
import type { PollScheduler } from "../src/poller/scheduler";
import { FailureLog } from "../src/util/failure-log";

export interface Schedule {
  stop(): Promise<void>;
}

/** Every few seconds, poll whatever providers are due; the scheduler keeps each provider to its interval. */
export function schedulePolling(scheduler: PollScheduler, log: Logger, tickSeconds = 5): Schedule {
  const pending = new Set<Promise<unknown>>();
  const failures = new FailureLog(log, "poll tick");
  const task = cron.schedule(`*/${tickSeconds} * * * * *`, () => {
    const run = scheduler.tick().then(
      () => failures.succeeded(),
      (err) => failures.failed(err),
    );
    pending.add(run);
    void run.finally(() => pending.delete(run));
  });
  return {
    async stop() {
      await task.stop();
      await Promise.allSettled([...pending]);
    },
  };
}
