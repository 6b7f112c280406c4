import cron from "node-cron";
import type { Logger } from "../src/logger";
import type { SignalPoller } from "../src/outages/signal-poller";
import type { Schedule } from "./poll-schedule";

/** Every few seconds, poll whatever signals are due; rows carry their own next poll time. */
export function scheduleSignals(poller: SignalPoller, log: Logger, tickSeconds = 5): Schedule {
  let running: Promise<unknown> | undefined;
  const task = cron.schedule(`*/${tickSeconds} * * * * *`, () => {
    if (running) return;
    running = poller
      .tick()
      .catch((err) => log.error({ err }, "signal tick failed"))
      .finally(() => (running = undefined));
  });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
