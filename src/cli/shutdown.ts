import type { Server } from "node:http";

/** Whether `work` settled within `ms`; it is not cancelled either way. */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return result;
}

/** Stops accepting connections, lets requests in flight finish for up to `ms`, then cuts the rest. */
export async function closeServer(server: Server, ms: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (!(await within(closed, ms))) server.closeAllConnections();
  await closed;
}

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
