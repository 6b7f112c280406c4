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
  /** Polled (true) or kept with its history but paused (false). */
  enabled: boolean;
  pollIntervalSeconds: number;
  /** default, catalog, file or api: how the provider came to be watched. */
  origin: string;
  sla: unknown;
}

export type ProviderRow = Awaited<ReturnType<PrismaClient["provider"]["findMany"]>>[number];

export function view(p: ProviderRow): ProviderView {
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
    enabled: p.enabled,
    pollIntervalSeconds: p.pollIntervalSeconds,
    origin: p.origin,
    sla: p.sla ?? null,
  };
}

export class ProviderService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Watched providers (enabled by default; `enabled: "any"` adds the paused ones); removed ones never. */
  async list(filter: { category?: string[]; enabled?: boolean | "any" }): Promise<ProviderView[]> {
    const enabled = filter.enabled ?? true;
    const rows = await this.prisma.provider.findMany({
      where: { deletedAt: null, ...(enabled === "any" ? {} : { enabled }), ...(filter.category ? { category: { in: filter.category } } : {}) },
      orderBy: [{ name: "asc" }],
    });
    return rows.map(view);
  }

  async get(id: string) {
    const p = await this.prisma.provider.findFirst({ where: { id, deletedAt: null } });
    if (!p) return undefined;
    const components = await this.prisma.component.findMany({ where: { providerId: id }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    return {
      ...view(p),
      components: components.map((c) => ({ id: c.id, name: c.name, group: c.groupName, status: c.status, updatedAt: c.updatedAt })),
    };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.provider.count({ where: { id, deletedAt: null } })) > 0;
  }
}
