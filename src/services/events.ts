import type { EventKind } from "../domain/status";
import { Prisma, type PrismaClient } from "../generated/prisma/client";

export interface EventFilter {
  since?: Date;
  until?: Date;
  providers?: string[];
  kinds?: EventKind[];
  includeBackfill: boolean;
}

/** A place in the recorded order: after the event `id` written by transaction `tx`. */
export interface FeedPosition {
  tx: string;
  id: number;
}

export const FEED_START: FeedPosition = { tx: "0", id: 0 };

const INCLUDE = { component: { select: { name: true } }, incident: { select: { title: true } }, maintenance: { select: { title: true } } } as const;
export type EventRow = Prisma.EventGetPayload<{ include: typeof INCLUDE }>;

export function shape(e: EventRow) {
  return {
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
  };
}

export class EventService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The transition feed in the order it was recorded (or newest first); `afterId` continues an oldest-first page. */
  async list(q: EventFilter & { limit: number; afterId?: number; newestFirst?: boolean }) {
    const where: Prisma.EventWhereInput = {
      ...(q.since || q.until ? { occurredAt: { ...(q.since ? { gte: q.since } : {}), ...(q.until ? { lte: q.until } : {}) } } : {}),
      ...(q.providers ? { providerId: { in: q.providers } } : {}),
      ...(q.kinds ? { kind: { in: q.kinds } } : {}),
      ...(q.includeBackfill ? {} : { backfill: false }),
      ...(q.afterId ? { id: { gt: q.afterId } } : {}),
    };
    const rows = await this.prisma.event.findMany({ where, orderBy: { id: q.newestFirst ? "desc" : "asc" }, take: q.limit + 1, include: INCLUDE });
    const page = rows.slice(0, q.limit);
    return { items: page.map(shape), next: rows.length > q.limit ? page.at(-1)!.id : undefined };
  }

  /**
   * The feed in recorded order from a position, for consumers that must see every event once.
   * Ids are taken when a row is written but become visible when its transaction commits, so id
   * order alone would let a reader pass an event committed late. Ordering by the writing
   * transaction and reading only below the oldest one still running makes the feed append-only.
   */
  async listRecorded(q: EventFilter & { limit: number; after: FeedPosition }) {
    const filters = [
      Prisma.sql`e.recorded_tx < pg_snapshot_xmin(pg_current_snapshot())`,
      Prisma.sql`(e.recorded_tx, e.id) > (${q.after.tx}::xid8, ${q.after.id}::int)`,
      ...(q.since ? [Prisma.sql`e.occurred_at >= ${q.since}`] : []),
      ...(q.until ? [Prisma.sql`e.occurred_at <= ${q.until}`] : []),
      ...(q.providers ? [Prisma.sql`e.provider_id = ANY(${q.providers}::text[])`] : []),
      ...(q.kinds ? [Prisma.sql`e.kind::text = ANY(${q.kinds}::text[])`] : []),
      ...(q.includeBackfill ? [] : [Prisma.sql`NOT e.backfill`]),
    ];
    const positions = await this.prisma.$queryRaw<{ id: number; tx: string }[]>`
      SELECT e.id, e.recorded_tx::text AS tx FROM events e
      WHERE ${Prisma.join(filters, " AND ")}
      ORDER BY e.recorded_tx, e.id
      LIMIT ${q.limit + 1}`;
    const page = positions.slice(0, q.limit);
    const rows = new Map((await this.prisma.event.findMany({ where: { id: { in: page.map((p) => p.id) } }, include: INCLUDE })).map((e) => [e.id, e]));
    const last = page.at(-1);
    return {
      items: page.flatMap((p) => (rows.has(p.id) ? [shape(rows.get(p.id)!)] : [])),
      more: positions.length > q.limit,
      resumeAfter: last ? { tx: last.tx, id: last.id } : q.after,
    };
  }

  /** Where the feed stands just after event `id`; undefined when there is no such event. */
  async positionOf(id: number): Promise<FeedPosition | undefined> {
    const rows = await this.prisma.$queryRaw<{ tx: string }[]>`SELECT recorded_tx::text AS tx FROM events WHERE id = ${id}::int`;
    return rows[0] ? { tx: rows[0].tx, id } : undefined;
  }
}
