import type { Logger } from "../src/logger";
import type { SignalPoller } from "../src/outages/signal-poller";
import type { Schedule } from "./poll-schedule";
import { tickLoop } from "./tick-loop";

/** Every tick, poll whatever signals are due; rows carry their own next poll time, and the tick is sized again before each one. */
export function scheduleSignals(poller: SignalPoller, log: Logger, tickSeconds: () => Promise<number>): Schedule {
  let running: Promise<unknown> | undefined;
  const loop = tickLoop(tickSeconds, () => {
    if (running) return;
    running = poller
      .tick()
      .catch((err) => log.error({ err }, "signal tick failed"))
      .finally(() => (running = undefined));
  });
  return {
    async stop() {
      await loop.stop();
      await running;
    },
  };
}
