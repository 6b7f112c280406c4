import { randomBytes } from "node:crypto";
import type { Transporter } from "nodemailer";
import type { NotifyConfig } from "../../config";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Logger } from "../../logger";
import { type NetClient, retryDelayMs } from "../../net";
import { DIGEST_CHANNELS } from "../channels";
import { scrubDestination, sendDigest } from "../send";
import { buildDigest } from "./build";
import { currentPeriod, type DigestFrequency, type DigestPeriod, type DigestSchedule, lastCompletedPeriod, periodEndingOn } from "./period";
import { renderDigestHtml } from "./render-html";
import { renderDigestText } from "./render-text";

export interface DigestDeps {
  prisma: PrismaClient;
  config: NotifyConfig;
  log: Logger;
  mailer?: Transporter;
  net: NetClient;
  /** Recorded on each claim; a claim older than the notifier's lease is taken over. */
  instanceId?: string;
}

type SubscriptionRow = Awaited<ReturnType<PrismaClient["subscription"]["findMany"]>>[number];

/** "current", "last", or the local date (YYYY-MM-DD) the digest is sent on. */
export type PeriodSpec = "current" | "last" | string;

function scheduleOf(sub: Pick<SubscriptionRow, "digest" | "digestHour" | "timeZone">): DigestSchedule {
  // A subscription without digests previews as a daily one.
  const frequency: DigestFrequency = sub.digest === "weekly" ? "weekly" : "daily";
  return { frequency, hour: sub.digestHour, timeZone: sub.timeZone };
}

/**
 * Digests: what is due, claimed once per (subscription, period) in digest_sends, built from the
 * timeline and sent; and previews of any period.
 */
export class DigestService {
  private readonly instanceId: string;

  constructor(private readonly deps: DigestDeps) {
    this.instanceId = deps.instanceId ?? `digest-${process.pid}-${randomBytes(4).toString("hex")}`;
  }

  /** The digest of one period as it reads now; undefined for an unknown subscription, "bad-period" for a date that does not exist. */
  async preview(id: number, spec: PeriodSpec, format: "html" | "text", now = new Date()): Promise<string | undefined | "bad-period"> {
    const sub = await this.deps.prisma.subscription.findUnique({ where: { id } });
    if (!sub) return undefined;
    const schedule = scheduleOf(sub);
    const period = spec === "current" ? currentPeriod(now, schedule) : spec === "last" ? lastCompletedPeriod(now, schedule) : periodEndingOn(spec, schedule);
    if (!period) return "bad-period";
    const { report } = await buildDigest(this.deps.prisma, sub, schedule.frequency, period, { publicUrl: this.deps.config.publicUrl, now });
    return format === "html" ? renderDigestHtml(report) : renderDigestText(report);
  }

  /**
   * Sends every digest that is due at `now` and says how many went out. Only each subscription's
   * most recent completed period is ever due: after downtime it goes out late, once, and the
   * periods before it are skipped rather than sent in a flood.
   */
  async sendDue(now = new Date()): Promise<number> {
    const subs = await this.deps.prisma.subscription.findMany({
      where: { channel: { in: DIGEST_CHANNELS }, digest: { not: "off" }, paused: false, confirmedAt: { not: null } },
      orderBy: { id: "asc" },
      take: 1000,
    });
    let sent = 0;
    for (const sub of subs) {
      try {
        const period = lastCompletedPeriod(now, scheduleOf(sub));
        // Periods that ended before digests were switched on (or rescheduled, or last sent) are not owed.
        if (period.end.getTime() <= (sub.lastDigestAt ?? sub.createdAt).getTime()) continue;
        const claim = await this.claim(sub.id, period, now);
        if (claim && (await this.sendClaimed(sub, period, claim, now))) sent++;
      } catch (err) {
        // One subscription's trouble (a zone the runtime no longer knows, the database for a moment) must not hold up the others; an
        // unfinished claim is retried after the lease.
        this.deps.log.warn({ err, subscription: sub.id }, "digest could not be sent this round");
      }
    }
    return sent;
  }

  /**
   * One statement, so one transaction: the first process to ask inserts the row and owns the period;
   * a later ask gets it only when it waits for a retry that is due, or its claim outlived the lease
   * (the process that held it died mid-send). Sent and failed periods are never claimed again.
   */
  private async claim(subscriptionId: number, period: DigestPeriod, now: Date): Promise<{ id: number; attempts: number } | undefined> {
    const staleBefore = new Date(now.getTime() - this.deps.config.leaseMs);
    const rows = await this.deps.prisma.$queryRaw<Array<{ id: number; attempts: number }>>`
      insert into digest_sends (subscription_id, period_start, period_end, status, attempts, claimed_by, claimed_at, next_attempt_at, updated_at)
      values (${subscriptionId}, ${period.start}, ${period.end}, 'sending', 1, ${this.instanceId}, ${now}, ${now}, ${now})
      on conflict (subscription_id, period_start) do update
        set status = 'sending', attempts = digest_sends.attempts + 1, claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at, updated_at = excluded.updated_at
        where (digest_sends.status = 'pending' and digest_sends.next_attempt_at <= ${now})
           or (digest_sends.status = 'sending' and digest_sends.claimed_at < ${staleBefore})
      returning id, attempts`;
    return rows[0];
  }

  private async sendClaimed(sub: SubscriptionRow, period: DigestPeriod, claim: { id: number; attempts: number }, now: Date): Promise<boolean> {
    const { prisma, config, log } = this.deps;
    const mine = { id: claim.id, status: "sending", claimedBy: this.instanceId };
    let result: Awaited<ReturnType<typeof sendDigest>>;
    let held: number[] = [];
    try {
      const built = await buildDigest(prisma, sub, scheduleOf(sub).frequency, period, { publicUrl: config.publicUrl, now });
      held = built.heldDeliveryIds;
      result = await sendDigest(sub, built.report, { config, mailer: this.deps.mailer, net: this.deps.net });
    } catch (err) {
      result = { ok: false, kind: "retryable", reason: `the digest could not be built: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (result.ok) {
      await prisma.$transaction([
        prisma.digestSend.updateMany({ where: mine, data: { status: "sent", sentAt: new Date(), messageId: result.messageId ?? null, lastError: null } }),
        prisma.subscription.updateMany({ where: { id: sub.id }, data: { lastDigestAt: now } }),
        // The notifications held for this digest are told by it.
        prisma.delivery.updateMany({
          where: { id: { in: held }, status: "digest" },
          data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, messageId: result.messageId ?? null },
        }),
      ]);
      log.info({ subscription: sub.id, periodStart: period.start, periodEnd: period.end }, "digest sent");
      return true;
    }
    const reason = scrubDestination(`${result.kind}: ${result.reason}`, sub).slice(0, 1000);
    const retry = result.kind === "retryable" && claim.attempts < config.maxAttempts;
    await prisma.digestSend.updateMany({
      where: mine,
      data: retry
        ? {
            status: "pending",
            lastError: reason,
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(claim.attempts, config.retryBaseMs, config.retryMaxMs, result.retryAfterMs)),
          }
        : { status: "failed", lastError: reason },
    });
    log.warn({ subscription: sub.id, attempts: claim.attempts, reason }, retry ? "digest will be retried" : "digest failed for good");
    return false;
  }
}
