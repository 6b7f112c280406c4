import { startService } from "../service";
import { runCli } from "./run";
import { onShutdownSignal } from "./shutdown";

void runCli(async (config, log) => {
  const service = await startService(config, log);
  return new Promise<number>((resolve) => {
    onShutdownSignal(
      (signal) => {
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
      },
      (signal) => log.warn({ signal }, "second signal: exiting without waiting"),
    );
  });
});
