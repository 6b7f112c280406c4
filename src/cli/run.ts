import dotenv from "dotenv";
import { ConfigError, loadConfig, type Config } from "../config";
import { createLogger, type Logger } from "../logger";

/** Shared start-up for command-line entry points: .env, config, logger, and a clean exit code. */
export async function runCli(main: (config: Config, log: Logger) => Promise<number | undefined>): Promise<void> {
  dotenv.config({ quiet: true });
  let log: Logger | undefined;
  try {
    const config = loadConfig();
    log = createLogger(config.logLevel);
    const code = await main(config, log);
    process.exitCode = code ?? 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A configuration problem is the user's to fix, so its message is the whole story; anything
    // else is ours and keeps its stack.
    if (log) log.fatal(err instanceof ConfigError ? { kind: err.name } : { err }, message);
    process.stderr.write(`statuswatch: ${message}\n`);
    process.exitCode = 1;
  }
}
