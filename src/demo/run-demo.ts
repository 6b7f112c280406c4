import { runCli } from "../cli/run";
import { onShutdownSignal } from "../cli/shutdown";
import { DemoInterrupted, runDemo } from "./demo";

/**
 * `npm run demo`: replays a Claude-style outage against a local simulated status page, offline, on
 * a Postgres of its own (DATABASE_URL and PROVIDERS_FILE are ignored), and exits when done.
 */
void runCli(async (config, log) => {
  // Keep the console for the timeline; LOG_LEVEL still wins when set.
  const quiet = process.env.LOG_LEVEL ? log : log.child({}, { level: "warn" });
  const abort = new AbortController();
  const release = onShutdownSignal(() => {
    process.stdout.write("\nInterrupted: stopping what the demo started…\n");
    abort.abort();
  });
  try {
    await runDemo({
      config,
      log: quiet,
      stepMs: Number(process.env.DEMO_STEP_MS ?? 3000),
      out: (line) => process.stdout.write(line + "\n"),
      signal: abort.signal,
    });
    return 0;
  } catch (err) {
    if (err instanceof DemoInterrupted) return 130;
    throw err;
  } finally {
    release();
  }
});
