/** A repeating tick whose length is asked again before every tick, so it follows the table as it changes. */
export interface TickLoop {
  stop(): Promise<void>;
}

/**
 * Calls `run(tickSeconds)` at once and then on every multiple of `tickSeconds` of the wall clock,
 * re-sized by `size()` before each tick (a failing `size()` keeps the last length: the tick itself
 * reports the database's failure). `run` must not wait for its work: a slow tick never delays the
 * next one. Ticks on the clock's grid, as cron's were, keep instances in step: each claims up to
 * half a tick early, and instances ticking at scattered offsets would together take a provider
 * earlier and earlier, polling it more often than its interval.
 */
export function tickLoop(size: () => Promise<number>, run: (tickSeconds: number) => void, firstSeconds = 5): TickLoop {
  let seconds = firstSeconds;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sizing: Promise<void> = Promise.resolve();
  const next = async () => {
    seconds = await size().catch(() => seconds);
    if (stopped) return;
    run(seconds);
    timer = setTimeout(() => (sizing = next()), nextTickDelay(seconds * 1000, Date.now()));
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

/**
 * Milliseconds from `at` to the next multiple of `periodMs` since the epoch. A timer may fire a
 * millisecond before its multiple: the one right after it is then skipped, not ticked twice.
 */
export function nextTickDelay(periodMs: number, at: number): number {
  const d = periodMs - (at % periodMs);
  return d < periodMs / 10 ? d + periodMs : d;
}
