import type { PrismaClient } from "../generated/prisma/client";
import { computeSla, monthBounds, type SlaReport } from "../sla/compute";
import { SlaTermsSchema } from "../sla/terms";
import { UptimeService } from "./uptime";

export interface SlaPageData extends SlaReport {
  providerId: string;
  providerName: string;
  slaComponents: string[] | null;
}

/** Loads a month of a provider's incidents, component history and confirmed outages for computeSla. */
export class SlaService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Undefined when the provider does not exist. `month` must already be valid. */
  async report(providerId: string, month: string, component: string | undefined, now = new Date()): Promise<SlaPageData | undefined> {
    const provider = await this.prisma.provider.findUnique({ where: { id: providerId }, select: { id: true, name: true, sla: true } });
    if (!provider) return undefined;
    const { start, end } = monthBounds(month)!;
    // A row written by an older catalog (or edited by hand) that no longer parses states no SLA.
    const parsed = SlaTermsSchema.safeParse(provider.sla);
    const terms = provider.sla !== null && parsed.success ? parsed.data : null;
    const overlaps = { startedAt: { lt: end }, OR: [{ resolvedAt: null }, { resolvedAt: { gt: start } }] };
    const [incidents, episodes, watched] = await Promise.all([
      this.prisma.incident.findMany({ where: { providerId, ...overlaps }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] }),
      this.prisma.outageEpisode.findMany({
        where: { providerId, state: { in: ["confirmed", "unacknowledged"] }, suspectedAt: { lt: end }, OR: [{ endedAt: null }, { endedAt: { gt: start } }] },
        orderBy: [{ suspectedAt: "asc" }, { id: "asc" }],
      }),
      component === undefined
        ? Promise.resolve(null)
        : this.prisma.component.findFirst({
            where: { providerId, name: { equals: component, mode: "insensitive" } },
            orderBy: { id: "asc" },
            select: { id: true },
          }),
    ]);
    const history = watched ? (await new UptimeService(this.prisma).histories([watched.id], start, end)).get(watched.id) : undefined;
    const report = computeSla({
      month,
      component,
      incidents: incidents.map((i) => ({
        id: i.id,
        title: i.title,
        url: i.url,
        impact: i.impact,
        startedAt: i.startedAt,
        resolvedAt: i.resolvedAt,
        components: i.components,
      })),
      history,
      episodes,
      terms,
      now,
    });
    return { ...report, providerId: provider.id, providerName: provider.name, slaComponents: terms?.components ?? null };
  }
}
