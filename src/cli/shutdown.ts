/** A repeat of the signal sooner than this is the same Ctrl-C, relayed again by a parent (npm, tsx). */
const REPEAT_MS = 1_000;

/**
 * Calls `first` on the first SIGINT or SIGTERM. A second one (a user who does not want to wait)
 * exits at once with 130; exit hooks still ask a Postgres we started to stop.
 */
export function onShutdownSignal(first: (signal: NodeJS.Signals) => void, beforeForcedExit?: (signal: NodeJS.Signals) => void): () => void {
  let firstAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      return first(signal);
    }
    if (Date.now() - firstAt < REPEAT_MS) return;
    beforeForcedExit?.(signal);
    process.exit(130);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.removeListener("SIGINT", handler);
    process.removeListener("SIGTERM", handler);
  };
}
