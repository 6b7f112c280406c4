import { randomBytes } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { NotifyConfig } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { fail, type SendResult } from "./errors";
import { fanOut, writeReminders } from "./fanout";
import { buildMessage, type NotifyMessage } from "./message";
import { NetClient, retryDelayMs } from "../net";
import { scrubDestination, sendMessage } from "./send";
import type { Metrics } from "../metrics/metrics";
import { FailureLog } from "../util/failure-log";

interface Claimed {
  id: number;
  event_id: number;
  subscription_id: number;
  attempts: number;
  channel: string;
  target: string;
  config: unknown;
  created_at: Date;
}

/** Throttled deliveries keep trying this long, without using up attempts. */
const RATE_LIMITED_FOR_MS = 24 * 3600_000;

export function createMailer(cfg: Pick<NotifyConfig, "smtpUrl" | "sendTimeoutMs">): Transporter | undefined {
  if (!cfg.smtpUrl) return undefined;
  return nodemailer.createTransport(cfg.smtpUrl, {
    connectionTimeout: cfg.sendTimeoutMs,
    greetingTimeout: cfg.sendTimeoutMs,
    socketTimeout: cfg.sendTimeoutMs,
  } as never);
}

export interface DispatcherDeps {
  prisma: PrismaClient;
  config: NotifyConfig;
  log: Logger;
  mailer?: Transporter;
  /** Recorded on every claim; at start the dispatcher takes back what this id held when it died. */
  instanceId?: string;
  /** The shared outbound client; one of its own (64 requests at once) when absent. */
  net?: NetClient;
  /** Signs the "I'm affected" links of possible-outage messages (OutagesConfig.reportSalt). */
  voteSecret?: string;
  metrics?: Metrics;
}

/**
 * The notifier's worker: fans new events out into delivery rows, claims due rows with
 * FOR UPDATE SKIP LOCKED, sends them and records the outcome. Any number may run at once.
 */
export class Dispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private stopping = false;
  private lastReminderCheck = 0;
  private recovered = false;
  private readonly messages = new Map<number, Promise<NotifyMessage>>();
  /** Deliveries being sent by this process, whose claims the heartbeat keeps fresh. */
  private readonly sending = new Set<number>();
  private readonly instanceId: string;

  private deps: DispatcherDeps & { net: NetClient };
  private readonly ownNet: boolean;
  private netClosed = false;
  private readonly tickFailures: FailureLog;

  constructor(deps: DispatcherDeps) {
    this.ownNet = !deps.net;
    this.deps = { ...deps, net: deps.net ?? new NetClient() };
    this.instanceId = deps.instanceId ?? `dispatcher-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.tickFailures = new FailureLog(deps.log, "notifier tick");
  }

  start(): void {
    if (!this.stopped) return;
    // A client of its own was closed by stop(); a restarted dispatcher gets a new one.
    if (this.ownNet && this.netClosed) this.deps = { ...this.deps, net: new NetClient() };
    this.netClosed = false;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.ownNet && !this.netClosed) {
      this.netClosed = true;
      await this.deps.net.close();
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(
          () => this.tickFailures.succeeded(),
          (err) => this.tickFailures.failed(err),
        )
        .finally(() => this.schedule(this.deps.config.pollMs));
    }, ms);
  }

  /** One round: stale claims back, reminders, fan-out, then deliveries until none is due. Digests have their own schedule (jobs/digest-schedule.ts). */
  async tick(): Promise<void> {
    const { prisma, config } = this.deps;
    if (!this.recovered) {
      const n = await this.releaseOwn();
      this.recovered = true;
      if (n > 0) this.deps.log.info({ deliveries: n }, "took back the deliveries this instance was sending when it stopped");
    }
    await this.releaseStale();
    if (Date.now() - this.lastReminderCheck > Math.min(60_000, Math.max(config.pollMs, config.reminderAfterMs / 4))) {
      this.lastReminderCheck = Date.now();
      await writeReminders(prisma, config.reminderAfterMs);
    }
    for (let i = 0; i < 50; i++) {
      const r = await fanOut(prisma, config);
      if (r.events === 0) break;
    }
    while (!this.stopping) {
      if ((await this.deliverBatch()) === 0) break;
    }
    if (this.messages.size > 500) this.messages.clear();
  }

  /**
   * At start, claims recorded under this instance's id belong to its previous life (nothing is being
   * sent yet): those messages go again now instead of after the lease.
   */
  async releaseOwn(): Promise<number> {
    return this.deps.prisma.$executeRaw`
      update deliveries set status = 'pending', next_attempt_at = now(), claimed_by = null, updated_at = now()
      where status = 'sending' and claimed_by = ${this.instanceId}`;
  }

  /** Renews this process's claims while it sends, so a short lease only ever expires for a dead process. */
  private async heartbeat(): Promise<void> {
    const ids = [...this.sending];
    if (ids.length === 0) return;
    await this.deps.prisma.$executeRaw`
      update deliveries set claimed_at = now()
      where id = any(${ids}::int[]) and status = 'sending' and claimed_by = ${this.instanceId}`;
  }

  /** A claim not renewed within the lease belongs to a process that died mid-send: that one message goes again. */
  async releaseStale(): Promise<number> {
    const cutoff = new Date(Date.now() - this.deps.config.leaseMs);
    return this.deps.prisma.$executeRaw`
      update deliveries set status = 'pending', next_attempt_at = now(), updated_at = now()
      where status = 'sending' and claimed_at < ${cutoff}`;
  }

  /** Claims up to `limit` due deliveries, at most one per subscription, never ahead of an earlier pending one. */
  async claim(limit: number): Promise<Claimed[]> {
    return this.deps.prisma.$queryRaw<Claimed[]>`
      with due as (
        select d.id from deliveries d
        where d.status = 'pending' and d.next_attempt_at <= now()
          and not exists (
            select 1 from deliveries p
            where p.subscription_id = d.subscription_id and p.event_id < d.event_id and p.status in ('pending', 'sending'))
        order by d.event_id, d.id
        limit ${limit}
        for update of d skip locked
      )
      update deliveries d set status = 'sending', attempts = d.attempts + 1, claimed_at = now(), claimed_by = ${this.instanceId}, updated_at = now()
      from due, subscriptions s where d.id = due.id and s.id = d.subscription_id
      returning d.id, d.event_id, d.subscription_id, d.attempts, s.channel, s.target, s.config, d.created_at`;
  }

  /** Returns how many deliveries it claimed. */
  async deliverBatch(): Promise<number> {
    const claimed = await this.claim(Math.max(this.deps.config.concurrency * 4, 50));
    if (claimed.length === 0) return 0;
    for (const d of claimed) this.sending.add(d.id);
    const beat = setInterval(
      () => {
        this.heartbeat().catch((err) => this.deps.log.warn({ err }, "delivery claims could not be renewed"));
      },
      Math.max(200, Math.floor(this.deps.config.leaseMs / 3)),
    );
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const d = claimed[next++]!;
        await this.deliverOne(d).catch((err) => this.deps.log.error({ err, delivery: d.id }, "delivery crashed"));
        this.sending.delete(d.id);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.deps.config.concurrency, claimed.length) }, worker));
    } finally {
      clearInterval(beat);
      for (const d of claimed) this.sending.delete(d.id);
    }
    return claimed.length;
  }

  private message(eventId: number): Promise<NotifyMessage> {
    let m = this.messages.get(eventId);
    if (!m) {
      m = buildMessage(this.deps.prisma, eventId, this.deps.config.publicUrl);
      m.catch(() => this.messages.delete(eventId));
      this.messages.set(eventId, m);
    }
    return m;
  }

  private async deliverOne(d: Claimed): Promise<void> {
    const { prisma, config, log } = this.deps;
    const sub = { id: d.subscription_id, channel: d.channel, target: d.target, config: d.config };
    let result: SendResult;
    try {
      const message = await this.message(d.event_id);
      result = await sendMessage(sub, message, this.deps);
    } catch (err) {
      // A message that cannot be built never will be; left "sending", it would block the subscription's queue for good.
      result = fail("permanent", `the message could not be built: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (result.ok) {
      this.deps.metrics?.deliveries.inc({ channel: sub.channel, status: "sent" });
      await prisma.delivery.updateMany({
        where: { id: d.id, status: "sending", attempts: d.attempts },
        data: { status: "sent", sentAt: new Date(), lastError: null, messageId: result.messageId ?? null },
      });
      log.debug({ delivery: d.id, event: d.event_id, subscription: sub.id }, "notification sent");
      return;
    }
    const reason = scrubDestination(`${result.kind}: ${result.reason}`, sub).slice(0, 1000);
    const throttled = result.rateLimited === true && Date.now() - new Date(d.created_at).getTime() < RATE_LIMITED_FOR_MS;
    const retry = result.kind === "retryable" && (throttled || d.attempts < config.maxAttempts);
    const m = this.deps.metrics;
    m?.deliveries.inc({ channel: sub.channel, status: retry ? "retry" : "failed" });
    if (retry) m?.retries.inc({ channel: sub.channel });
    else m?.deadLetters.inc({ channel: sub.channel });
    await prisma.delivery.updateMany({
      where: { id: d.id, status: "sending", attempts: d.attempts },
      data: retry
        ? {
            status: "pending",
            lastError: reason,
            nextAttemptAt: new Date(Date.now() + retryDelayMs(d.attempts, config.retryBaseMs, config.retryMaxMs, result.retryAfterMs)),
            ...(throttled ? { attempts: Math.max(0, d.attempts - 1) } : {}),
          }
        : { status: "failed", lastError: reason },
    });
    log.warn({ delivery: d.id, subscription: sub.id, attempts: d.attempts, reason }, retry ? "notification will be retried" : "notification failed for good");
  }
}
