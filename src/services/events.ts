import type { EventKind } from "../domain/status";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

export class EventService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The transition feed in the order it was recorded (or newest first); `afterId` continues an oldest-first page. */
  async list(q: { since?: Date; providers?: string[]; kinds?: EventKind[]; includeBackfill: boolean; limit: number; afterId?: number; newestFirst?: boolean }) {
    const where: Prisma.EventWhereInput = {
      ...(q.since ? { occurredAt: { gte: q.since } } : {}),
      ...(q.providers ? { providerId: { in: q.providers } } : {}),
      ...(q.kinds ? { kind: { in: q.kinds } } : {}),
      ...(q.includeBackfill ? {} : { backfill: false }),
      ...(q.afterId ? { id: { gt: q.afterId } } : {}),
    };
    const rows = await this.prisma.event.findMany({
      where,
      orderBy: { id: q.newestFirst ? "desc" : "asc" },
      take: q.limit + 1,
      include: { component: { select: { name: true } }, incident: { select: { title: true } }, maintenance: { select: { title: true } } },
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((e) => ({
        id: e.id,
        providerId: e.providerId,
        kind: e.kind,
        incidentId: e.incidentId,
        maintenanceId: e.maintenanceId,
        component: e.component?.name ?? null,
        title: e.incident?.title ?? e.maintenance?.title ?? null,
        from: e.fromStatus,
        to: e.toStatus,
        at: e.occurredAt,
        recordedAt: e.createdAt,
        backfill: e.backfill,
        data: e.data,
      })),
      next: rows.length > q.limit ? page.at(-1)!.id : undefined,
    };
  }
}
