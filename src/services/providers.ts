import type { PrismaClient } from "../generated/prisma/client";

export interface ProviderView {
  id: string;
  name: string;
  kind: string;
  url: string;
  category: string | null;
  status: string;
  statusDescription: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  sourceHealth: "ok" | "failing" | "unreachable" | "pending";
  /** Set while the page answers in another format than its kind reads (src/poller/format-watch.ts). */
  formatChange: { since: Date; what: string | null; suggestion: string | null } | null;
}

type ProviderRow = Awaited<ReturnType<PrismaClient["provider"]["findMany"]>>[number];

function view(p: ProviderRow): ProviderView {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    url: p.url,
    category: p.category,
    status: p.status ?? "unknown",
    statusDescription: p.statusDescription,
    lastPolledAt: p.lastPolledAt,
    lastSuccessAt: p.lastSuccessAt,
    lastError: p.lastError,
    consecutiveFailures: p.consecutiveFailures,
    sourceHealth: p.unreachableSince ? "unreachable" : p.consecutiveFailures > 0 ? "failing" : p.lastSuccessAt ? "ok" : "pending",
    formatChange: p.formatChangedSince ? { since: p.formatChangedSince, what: p.formatChange, suggestion: p.formatSuggestion } : null,
  };
}

export class ProviderService {
  constructor(private readonly prisma: PrismaClient) {}

  async list(filter: { category?: string[] }): Promise<ProviderView[]> {
    const rows = await this.prisma.provider.findMany({
      where: { enabled: true, ...(filter.category ? { category: { in: filter.category } } : {}) },
      orderBy: [{ name: "asc" }],
    });
    return rows.map(view);
  }

  async get(id: string) {
    const p = await this.prisma.provider.findFirst({ where: { id, enabled: true } });
    if (!p) return undefined;
    const components = await this.prisma.component.findMany({ where: { providerId: id }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    return {
      ...view(p),
      components: components.map((c) => ({ id: c.id, name: c.name, group: c.groupName, status: c.status, updatedAt: c.updatedAt })),
    };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.provider.count({ where: { id } })) > 0;
  }
}
