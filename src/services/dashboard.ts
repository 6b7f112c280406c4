import type { PrismaClient } from "../generated/prisma/client";
import { EventService } from "./events";
import { IncidentService, type incidentView } from "./incidents";
import { ProviderService, type ProviderView } from "./providers";
import { UptimeService } from "./uptime";
import { OutageService } from "../outages/service";

const OPEN_INCIDENTS_SHOWN = 50;
const RECENT_EVENTS_SHOWN = 30;
export const DASHBOARD_UPTIME_DAYS = 30;
export const ACCURACY_DAYS = 90;

export interface DashboardData {
  generatedAt: Date;
  /** Each provider with its least available component's uptime over DASHBOARD_UPTIME_DAYS (null: no history). */
  /** grade: how the page admitted outages over ACCURACY_DAYS (null: no real outage to grade it on). */
  providers: Array<ProviderView & { uptimePercent: number | null; grade: string | null }>;
  /** Outages statuswatch suspects that the page has not acknowledged (yet). */
  suspectedOutages: Array<{ id: number; providerId: string; providerName: string; suspectedAt: Date; confidence: number; reasons: string[] }>;
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
    const outages = new OutageService(this.prisma);
    const [open, recent, uptime, suspected, grades] = await Promise.all([
      new IncidentService(this.prisma).list({ providers: ids, active: true, limit: OPEN_INCIDENTS_SHOWN }),
      new EventService(this.prisma).list({ providers: ids, includeBackfill: false, limit: RECENT_EVENTS_SHOWN, newestFirst: true }),
      this.uptime.worstByProvider(ids, DASHBOARD_UPTIME_DAYS),
      outages.suspected(),
      outages.grades(ACCURACY_DAYS),
    ]);
    return {
      generatedAt: new Date(),
      providers: providers.map((p) => ({ ...p, uptimePercent: uptime.get(p.id) ?? null, grade: grades.get(p.id)?.grade ?? null })),
      suspectedOutages: suspected
        .filter((o) => names.has(o.providerId))
        .map((o) => ({
          id: o.id,
          providerId: o.providerId,
          providerName: o.provider.name,
          suspectedAt: o.suspectedAt,
          confidence: o.confidence,
          reasons: ((o.reasons ?? []) as Array<{ text?: unknown }>).flatMap((r) => (typeof r.text === "string" ? [r.text] : [])),
        })),
      openIncidents: open.items.map((i) => ({ ...i, providerName: names.get(i.providerId) ?? i.providerId })),
      recent: recent.items.map((e) => ({ ...e, providerName: names.get(e.providerId) ?? e.providerId })),
    };
  }
}
