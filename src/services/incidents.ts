import type { IncidentStatus } from "../domain/status";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

export interface IncidentQuery {
  providers?: string[];
  statuses?: IncidentStatus[];
  active?: boolean;
  since?: Date;
  until?: Date;
  limit: number;
  after?: { startedAt: Date; id: number };
}

export type IncidentRow = Awaited<ReturnType<PrismaClient["incident"]["findMany"]>>[number];

export function incidentView(i: IncidentRow) {
  return {
    id: i.id,
    providerId: i.providerId,
    externalId: i.externalId,
    title: i.title,
    status: i.status,
    impact: i.impact,
    startedAt: i.startedAt,
    identifiedAt: i.identifiedAt,
    monitoringAt: i.monitoringAt,
    resolvedAt: i.resolvedAt,
    durationSeconds: i.resolvedAt ? Math.max(0, Math.round((i.resolvedAt.getTime() - i.startedAt.getTime()) / 1000)) : null,
    components: i.components,
    url: i.url,
  };
}

const TRANSITION_KINDS = ["incident_opened", "incident_status_changed", "incident_resolved"] as const;

export class IncidentService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first by start time; `after` is the keyset cursor of the previous page's last row. */
  async list(q: IncidentQuery) {
    const and: Prisma.IncidentWhereInput[] = [];
    if (q.providers) and.push({ providerId: { in: q.providers } });
    if (q.statuses) and.push({ status: { in: q.statuses } });
    if (q.active !== undefined) and.push(q.active ? { status: { notIn: ["resolved", "postmortem"] } } : { status: { in: ["resolved", "postmortem"] } });
    if (q.since) and.push({ startedAt: { gte: q.since } });
    if (q.until) and.push({ startedAt: { lte: q.until } });
    if (q.after) {
      and.push({ OR: [{ startedAt: { lt: q.after.startedAt } }, { startedAt: q.after.startedAt, id: { lt: q.after.id } }] });
    }
    const rows = await this.prisma.incident.findMany({
      where: { AND: and },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map(incidentView), next: rows.length > q.limit && last ? { startedAt: last.startedAt, id: last.id } : undefined };
  }

  async get(id: number) {
    const incident = await this.prisma.incident.findUnique({
      where: { id },
      include: { updates: { orderBy: [{ displayAt: "asc" }, { id: "asc" }] }, provider: { select: { name: true } } },
    });
    if (!incident) return undefined;
    const events = await this.prisma.event.findMany({
      where: { incidentId: id, kind: { in: [...TRANSITION_KINDS] } },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    });
    return {
      ...incidentView(incident),
      providerName: incident.provider.name,
      updates: incident.updates.map((u) => ({
        status: u.status,
        label: u.label,
        body: u.body,
        at: u.displayAt,
        components: u.affectedComponents,
      })),
      transitions: events.map((e) => ({ from: e.fromStatus, to: e.toStatus, at: e.occurredAt })),
    };
  }
}
