import type { MaintenanceStatus } from "../domain/status";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

type MaintenanceRow = Awaited<ReturnType<PrismaClient["maintenance"]["findMany"]>>[number];

function view(m: MaintenanceRow) {
  return {
    id: m.id,
    providerId: m.providerId,
    externalId: m.externalId,
    title: m.title,
    status: m.status,
    impact: m.impact,
    scheduledFor: m.scheduledFor,
    scheduledUntil: m.scheduledUntil,
    startedAt: m.startedAt,
    completedAt: m.completedAt,
    components: m.components,
    url: m.url,
  };
}

export class MaintenanceService {
  constructor(private readonly prisma: PrismaClient) {}

  async list(q: { providers?: string[]; statuses?: MaintenanceStatus[]; limit: number; after?: { id: number } }) {
    const where: Prisma.MaintenanceWhereInput = {
      ...(q.providers ? { providerId: { in: q.providers } } : {}),
      ...(q.statuses ? { status: { in: q.statuses } } : {}),
      ...(q.after ? { id: { lt: q.after.id } } : {}),
    };
    const rows = await this.prisma.maintenance.findMany({ where, orderBy: { id: "desc" }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return { items: page.map(view), next: rows.length > q.limit ? { id: page.at(-1)!.id } : undefined };
  }

  async get(id: number) {
    const m = await this.prisma.maintenance.findUnique({
      where: { id },
      include: { updates: { orderBy: [{ displayAt: "asc" }, { id: "asc" }] }, provider: { select: { name: true } } },
    });
    if (!m) return undefined;
    return { ...view(m), providerName: m.provider.name, updates: m.updates.map((u) => ({ status: u.status, body: u.body, at: u.displayAt })) };
  }
}
