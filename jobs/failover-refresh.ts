import { ChangeListener } from "../src/failover/listener";
import type { FailoverState } from "../src/failover/state";
import type { Logger } from "../src/logger";
import { FailureLog } from "../src/util/failure-log";
import type { Schedule } from "./poll-schedule";

export interface FailoverRefreshOptions {
  /** Periodic refresh, the bound on staleness when a notification is lost. */
  refreshMs: number;
  /** LISTEN here for changes (the service's DATABASE_URL); without it only the periodic refresh runs. */
  listenUrl?: string;
  /** Notifications within this window share one refresh (a poll cycle commits many at once). */
  coalesceMs?: number;
  log: Logger;
}

/** How far past its period the refresher may fall before readers stop trusting it and read themselves. */
export const MAX_AGE_PERIODS = 3;

/** Keeps a FailoverState fresh: every refreshMs, and soon after each change notified by the database. */
export async function scheduleFailoverRefresh(state: FailoverState, opts: FailoverRefreshOptions): Promise<Schedule> {
  const failures = new FailureLog(opts.log, "failover state refresh");
  const pending = new Set<Promise<unknown>>();
  const run = () => {
    const p = state.refresh().then(
      () => failures.succeeded(),
      (err) => failures.failed(err),
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  let wake: NodeJS.Timeout | undefined;
  const onChange = () => {
    wake ??= setTimeout(() => {
      wake = undefined;
      run();
    }, opts.coalesceMs ?? 20);
  };
  // The first read (30-day uptime included) must not hold up the start: the first reader joins it.
  run();
  const timer = setInterval(run, opts.refreshMs);
  timer.unref();
  const listener = opts.listenUrl ? new ChangeListener(opts.listenUrl, onChange, opts.log) : undefined;
  await listener?.start();
  state.maintained(opts.refreshMs * MAX_AGE_PERIODS);
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(wake);
      state.maintained(undefined);
      await listener?.stop();
      await Promise.allSettled([...pending]);
      await state.close();
    },
  };
}
