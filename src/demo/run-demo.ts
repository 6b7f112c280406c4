import { runCli } from "../cli/run";
import { runDemo } from "./demo";

/** `npm run demo`: replays a Claude-style outage against a local simulated status page, offline. */
void runCli(async (config, log) => {
  // Keep the console for the timeline; LOG_LEVEL still wins when set.
  const quiet = process.env.LOG_LEVEL ? log : log.child({}, { level: "warn" });
  await runDemo({ config, log: quiet, stepMs: Number(process.env.DEMO_STEP_MS ?? 3000), out: (line) => process.stdout.write(line + "\n") });
});
