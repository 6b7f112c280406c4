import cron from "node-cron";
import type { Logger } from "../src/logger";
import type { PollScheduler } from "../src/poller/scheduler";

export interface Schedule {
  stop(): Promise<void>;
}

/** Every few seconds, poll whatever providers are due; the scheduler keeps each provider to its interval. */
export function schedulePolling(scheduler: PollScheduler, log: Logger, tickSeconds = 5): Schedule {
  const pending = new Set<Promise<unknown>>();
  const task = cron.schedule(`*/${tickSeconds} * * * * *`, () => {
    const run = scheduler.tick().catch((err) => log.error({ err }, "poll tick failed"));
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
