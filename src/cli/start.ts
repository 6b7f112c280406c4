import { startService } from "../service";
import { runCli } from "./run";

void runCli(async (config, log) => {
  const service = await startService(config, log);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: the user does not want to wait. The exit hook still stops our Postgres.
        log.warn({ signal }, "second signal: exiting without waiting");
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, "shutting down");
      service.stop().then(
        () => {
          log.info("stopped");
          resolve(0);
        },
        (err) => {
          log.error({ err }, "shutdown failed");
          resolve(1);
        },
      );
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
});
