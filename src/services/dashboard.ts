import type { PrismaClient } from "../generated/prisma/client";
import { EventService } from "./events";
import { IncidentService, type incidentView } from "./incidents";
import { ProviderService, type ProviderView } from "./providers";
import { UptimeService } from "./uptime";

const OPEN_INCIDENTS_SHOWN = 50;
const RECENT_EVENTS_SHOWN = 30;
export const DASHBOARD_UPTIME_DAYS = 30;

export interface DashboardData {
  generatedAt: Date;
  /** Each provider with its least available component's uptime over DASHBOARD_UPTIME_DAYS (null: no history). */
  providers: Array<ProviderView & { uptimePercent: number | null }>;
  openIncidents: Array<ReturnType<typeof incidentView> & { providerName: string }>;
  recent: Array<Awaited<ReturnType<EventService["list"]>>["items"][number] & { providerName: string }>;
}

/** What the status dashboard shows: every watched provider, open incidents, the latest live changes. */
export class DashboardService {
  private readonly providers: ProviderService;
  private readonly uptime: UptimeService;

  constructor(private readonly prisma: PrismaClient) {
    this.providers = new ProviderService(prisma);
    this.uptime = new UptimeService(prisma);
  }

  async load(filter: { category?: string[] }): Promise<DashboardData> {
    const providers = await this.providers.list(filter);
    const ids = providers.map((p) => p.id);
    const names = new Map(providers.map((p) => [p.id, p.name]));
    const [open, recent, uptime] = await Promise.all([
      new IncidentService(this.prisma).list({ providers: ids, active: true, limit: OPEN_INCIDENTS_SHOWN }),
      new EventService(this.prisma).list({ providers: ids, includeBackfill: false, limit: RECENT_EVENTS_SHOWN, newestFirst: true }),
      this.uptime.worstByProvider(ids, DASHBOARD_UPTIME_DAYS),
    ]);
    return {
      generatedAt: new Date(),
      providers: providers.map((p) => ({ ...p, uptimePercent: uptime.get(p.id) ?? null })),
      openIncidents: open.items.map((i) => ({ ...i, providerName: names.get(i.providerId) ?? i.providerId })),
      recent: recent.items.map((e) => ({ ...e, providerName: names.get(e.providerId) ?? e.providerId })),
    };
  }
}
