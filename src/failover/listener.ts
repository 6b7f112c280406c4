import pg from "pg";
import type { Logger } from "../logger";

/** Written by the triggers of migration 20261203030000_failover_notify on every change that moves an answer. */
export const FAILOVER_CHANNEL = "statuswatch_failover";

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * One dedicated connection LISTENing on the failover channel; `onChange` runs for each notification
 * and once after every (re)connection, since changes made while it was away were not heard.
 * A lost connection is retried with backoff; stop() ends it.
 */
export class ChangeListener {
  private client?: pg.Client;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "statuswatch-failover-listen" });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.log.warn({ err, retryInMs: this.retryMs }, "failover listener lost its connection; retrying");
      this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", () => this.onChange());
    try {
      await client.connect();
      await client.query(`LISTEN ${FAILOVER_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    this.onChange();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}
