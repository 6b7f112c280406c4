/** A repeating tick whose length is asked again before every tick, so it follows the table as it changes. */
export interface TickLoop {
  stop(): Promise<void>;
}

/**
 * Calls `run(tickSeconds)` at once and then every `tickSeconds`, re-sized by `size()` before each
 * tick (a failing `size()` keeps the last length: the tick itself reports the database's failure).
 * `run` must not wait for its work: a slow tick never delays the next one.
 */
export function tickLoop(size: () => Promise<number>, run: (tickSeconds: number) => void, firstSeconds = 5): TickLoop {
  let seconds = firstSeconds;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sizing: Promise<void> = Promise.resolve();
  const next = async () => {
    const started = Date.now();
    seconds = await size().catch(() => seconds);
    if (stopped) return;
    run(seconds);
    timer = setTimeout(() => (sizing = next()), Math.max(0, seconds * 1000 - (Date.now() - started)));
  };
  sizing = next();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sizing;
    },
  };
}
