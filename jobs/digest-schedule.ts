import cron from "node-cron";
import type { Logger } from "../src/logger";
import type { DigestService } from "../src/notify/digest/service";
import { FailureLog } from "../src/util/failure-log";
import type { Schedule } from "./poll-schedule";

/** At start and every `everySeconds` after, send the digests that are due; the service decides which. */
export function scheduleDigests(digests: DigestService, log: Logger, everySeconds = 30): Schedule {
  let running: Promise<unknown> | undefined;
  const failures = new FailureLog(log, "digest tick");
  const run = () => {
    if (running) return;
    running = digests
      .sendDue()
      .then(
        (sent) => {
          failures.succeeded();
          log.debug({ sent }, "digests checked");
        },
        (err) => failures.failed(err),
      )
      .finally(() => (running = undefined));
  };
  const first = setTimeout(run, 0);
  const task = cron.schedule(`*/${everySeconds} * * * * *`, run);
  return {
    async stop() {
      clearTimeout(first);
      await task.stop();
      await running;
    },
  };
}
