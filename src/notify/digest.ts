import type { NotifyConfig } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { DIGEST_CHANNELS } from "./channels";
import { buildMessage } from "./message";
import type { NetClient } from "../net";
import { sendDigest } from "./send";
import type { Transporter } from "nodemailer";

const PERIOD_MS = { daily: 86_400_000, weekly: 7 * 86_400_000 } as const;

/**
 * Sends every digest that is due: the deliveries held for a subscription since its last digest, in
 * one mail. The period is claimed by moving last_digest_at forward, so only one process sends it;
 * a failed send moves it back and the held deliveries wait for the next try.
 */
export async function sendDueDigests(
  deps: { prisma: PrismaClient; config: NotifyConfig; log: Logger; mailer?: Transporter; net: NetClient },
  now = new Date(),
): Promise<number> {
  const { prisma, config, log, mailer } = deps;
  const due = await prisma.subscription.findMany({
    where: {
      channel: { in: DIGEST_CHANNELS },
      paused: false,
      confirmedAt: { not: null },
      OR: [
        { digest: "daily", lastDigestAt: { lte: new Date(now.getTime() - PERIOD_MS.daily) } },
        { digest: "weekly", lastDigestAt: { lte: new Date(now.getTime() - PERIOD_MS.weekly) } },
        { digest: { not: "off" }, lastDigestAt: null },
      ],
    },
    take: 100,
  });
  let sent = 0;
  for (const sub of due) {
    const previous = sub.lastDigestAt;
    const claimed = await prisma.subscription.updateMany({ where: { id: sub.id, lastDigestAt: previous }, data: { lastDigestAt: now } });
    if (claimed.count === 0 || previous === null) continue; // another process has it, or the first period just started
    const held = await prisma.delivery.findMany({ where: { subscriptionId: sub.id, status: "digest" }, orderBy: { eventId: "asc" }, take: 500 });
    if (held.length === 0) continue;
    const messages = await Promise.all(held.map((d) => buildMessage(prisma, d.eventId, config.publicUrl)));
    const result = await sendDigest(sub, messages, sub.digest, { config, mailer, net: deps.net }, now);
    if (result.ok) {
      await prisma.delivery.updateMany({
        where: { id: { in: held.map((d) => d.id) }, status: "digest" },
        data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, messageId: result.messageId ?? null },
      });
      sent++;
    } else {
      await prisma.subscription.updateMany({ where: { id: sub.id, lastDigestAt: now }, data: { lastDigestAt: previous } });
      await prisma.delivery.updateMany({
        where: { id: { in: held.map((d) => d.id) } },
        data: { lastError: `${result.kind}: ${result.reason}`.slice(0, 1000) },
      });
      log.warn({ subscription: sub.id, reason: result.reason }, "digest will be retried");
    }
  }
  return sent;
}
