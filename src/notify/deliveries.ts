import type { PrismaClient } from "../generated/prisma/client";
import { maskDestination } from "./send";

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "digest";

export class DeliveryService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The delivery log, newest first; targets masked. */
  async list(q: { statuses?: DeliveryStatus[]; subscriptionId?: number; limit: number; beforeId?: number }) {
    const rows = await this.prisma.delivery.findMany({
      where: {
        ...(q.statuses ? { status: { in: q.statuses } } : {}),
        ...(q.subscriptionId ? { subscriptionId: q.subscriptionId } : {}),
        ...(q.beforeId ? { id: { lt: q.beforeId } } : {}),
      },
      include: {
        subscription: { select: { id: true, channel: true, target: true, config: true } },
        event: { select: { kind: true, providerId: true, occurredAt: true, incidentId: true } },
      },
      orderBy: { id: "desc" },
      take: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((d) => ({
        id: d.id,
        eventId: d.eventId,
        subscriptionId: d.subscriptionId,
        channel: d.subscription.channel,
        target: maskDestination(d.subscription).target,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
        sentAt: d.sentAt,
        createdAt: d.createdAt,
        event: d.event,
      })),
      nextBeforeId: rows.length > q.limit ? page.at(-1)?.id : undefined,
    };
  }

  /** A dead letter goes back in the queue with a fresh set of attempts. */
  async retry(id: number): Promise<"requeued" | "not-failed" | "not-found"> {
    const r = await this.prisma.delivery.updateMany({
      where: { id, status: "failed" },
      data: { status: "pending", attempts: 0, nextAttemptAt: new Date() },
    });
    if (r.count > 0) return "requeued";
    return (await this.prisma.delivery.count({ where: { id } })) ? "not-failed" : "not-found";
  }
}
