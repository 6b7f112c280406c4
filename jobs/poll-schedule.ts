import cron from "node-cron";
import type { Logger } from "../src/logger";
import type { PollScheduler } from "../src/poller/scheduler";

export interface Schedule {
  stop(): Promise<void>;
}

/** Every 5 seconds, poll whatever providers are due; the scheduler keeps each provider to its interval. */
export function schedulePolling(scheduler: PollScheduler, log: Logger): Schedule {
  const pending = new Set<Promise<unknown>>();
  const task = cron.schedule("*/5 * * * * *", () => {
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
