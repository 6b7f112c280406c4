/**
 * The deadline of one exchange: a signal aborted after `ms`, whose timer is cleared as soon as the
 * exchange ends. `AbortSignal.timeout()` keeps its timer armed for the whole timeout after a fast
 * answer, and its signal (with what the request hung on it) until a full garbage collection: at
 * thousands of requests a minute, that was a large share of what the poller's heap grew by.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private holds = 0;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.controller.abort(new DOMException(`The operation was aborted due to timeout after ${ms} ms`, "TimeoutError"));
    }, ms);
    // Like AbortSignal.timeout(): a deadline alone does not keep the process alive.
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Keeps the deadline armed until `work` settles: a body still being read after the exchange returned. */
  holdUntil(work: Promise<unknown>): void {
    this.holds++;
    const done = () => {
      this.holds--;
      this.release();
    };
    work.then(done, done);
  }

  /** The exchange is over: the timer goes, unless something holds the deadline still. */
  release(): void {
    if (this.holds > 0 || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
