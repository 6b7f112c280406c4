import type { PrismaClient } from "../generated/prisma/client";
import type { ProviderBars } from "./uptime";
import { currentMaintenances, openIncidents, type RecentTrouble, recentEvents, recentTrouble, watchedProviders } from "./dashboard-lists";
import { EventService } from "./events";
import { IncidentService, type incidentView } from "./incidents";
import type { MaintenanceService } from "./maintenances";
import { ProviderService, type ProviderView } from "./providers";
import { UptimeDaysService } from "./uptime-days";
import { OutageService } from "../outages/service";

const OPEN_INCIDENTS_SHOWN = 50;
const RECENT_EVENTS_SHOWN = 30;
const UPCOMING_DAYS = 7;
const PAST_INCIDENTS_PAGE = 20;
/** Days of bars on the dashboard and provider pages; uptime figures cover the same window. */
export const DASHBOARD_DAYS = 90;
/** Days over which a status page's accuracy grade is judged. */
export const ACCURACY_DAYS = 90;
const DAY_MS = 86_400_000;
/** A provider that had a problem this recently is drawn in full on `/` although operational now. */
export const RECENT_TROUBLE_MS = DAY_MS;
const NO_TROUBLE: RecentTrouble = { components: [], componentsLast24h: false, incidentOpen: false, incidentLast24h: false };

type Incident = ReturnType<typeof incidentView> & { providerName: string };
type Maintenance = Awaited<ReturnType<MaintenanceService["list"]>>["items"][number] & { providerName: string };
export type RecentEvent = Awaited<ReturnType<EventService["list"]>>["items"][number] & { providerName: string };

export interface DashboardData {
  generatedAt: Date;
  filter: { category?: string[]; q?: string };
  /** Every category that has providers, for navigation (not narrowed by the filter). */
  categories: Array<{ name: string; count: number }>;
  /** Every watched provider, unfiltered: the header's summary is about everything. */
  all: ProviderView[];
  /**
   * grade: how the page admitted outages over ACCURACY_DAYS (null: no real outage to grade it on);
   * trouble: what went wrong lately; suspected: an outage statuswatch suspects is open.
   */
  providers: Array<ProviderView & { bars: ProviderBars; grade: string | null; trouble: RecentTrouble; suspected: boolean }>;
  /** Outages statuswatch suspects that the page has not acknowledged (yet), over every provider. */
  suspectedOutages: Array<{ id: number; providerId: string; providerName: string; suspectedAt: Date; confidence: number; reasons: string[] }>;
  openIncidents: Incident[];
  activeMaintenances: Maintenance[];
  upcomingMaintenances: Maintenance[];
  recent: RecentEvent[];
}

export type ProviderPageData = NonNullable<Awaited<ReturnType<DashboardService["provider"]>>>;

/** What the status dashboard shows: every watched provider, open incidents, maintenances, the latest live changes. */
export class DashboardService {
  private readonly providers: ProviderService;
  private readonly uptime: UptimeDaysService;
  private readonly incidents: IncidentService;
  private readonly events: EventService;

  constructor(private readonly prisma: PrismaClient) {
    this.providers = new ProviderService(prisma);
    this.uptime = new UptimeDaysService(prisma);
    this.incidents = new IncidentService(prisma);
    this.events = new EventService(prisma);
  }

  private maintenances(providerIds: string[], now: Date) {
    return currentMaintenances(this.prisma, providerIds, now, new Date(now.getTime() + UPCOMING_DAYS * DAY_MS), 100);
  }

  async load(filter: { category?: string[]; q?: string }, now = new Date()): Promise<DashboardData> {
    const all = await watchedProviders(this.prisma);
    const counts = new Map<string, number>();
    for (const p of all) if (p.category) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    const needle = filter.q?.trim().toLowerCase();
    const providers = all.filter(
      (p) =>
        (!filter.category || (p.category !== null && filter.category.includes(p.category))) &&
        (!needle || p.name.toLowerCase().includes(needle) || p.id.includes(needle)),
    );
    const ids = providers.map((p) => p.id);
    const names = new Map(all.map((p) => [p.id, p.name]));
    const outages = new OutageService(this.prisma);
    const [open, recent, bars, maintenances, suspected, grades, trouble] = await Promise.all([
      openIncidents(this.prisma, ids, OPEN_INCIDENTS_SHOWN),
      recentEvents(this.prisma, ids, RECENT_EVENTS_SHOWN),
      this.uptime.barsByProvider(ids, DASHBOARD_DAYS, now),
      this.maintenances(ids, now),
      outages.suspected(),
      outages.grades(ACCURACY_DAYS, now),
      recentTrouble(this.prisma, ids, new Date(now.getTime() - RECENT_TROUBLE_MS)),
    ]);
    const suspectedIds = new Set(suspected.map((o) => o.providerId));
    const named = <T extends { providerId: string }>(x: T) => ({ ...x, providerName: names.get(x.providerId) ?? x.providerId });
    return {
      generatedAt: now,
      filter,
      categories: [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([name, count]) => ({ name, count })),
      all,
      providers: providers.map((p) => ({
        ...p,
        bars: bars.get(p.id)!,
        grade: grades.get(p.id)?.grade ?? null,
        trouble: trouble.get(p.id) ?? NO_TROUBLE,
        suspected: suspectedIds.has(p.id),
      })),
      // The header counts every suspected outage; the list shows those of the providers shown.
      suspectedOutages: suspected.map((o) => ({
        id: o.id,
        providerId: o.providerId,
        providerName: o.provider.name,
        suspectedAt: o.suspectedAt,
        confidence: o.confidence,
        reasons: ((o.reasons ?? []) as Array<{ text?: unknown }>).flatMap((r) => (typeof r.text === "string" ? [r.text] : [])),
      })),
      openIncidents: open.map(named),
      activeMaintenances: maintenances.filter((m) => m.status !== "scheduled").map(named),
      upcomingMaintenances: maintenances.filter((m) => m.status === "scheduled").map(named),
      recent: recent.map(named),
    };
  }

  /** One provider's page: components with daily figures, incidents (past ones paged), maintenances, recent changes. */
  async provider(id: string, page: { before?: { startedAt: Date; id: number } }, now = new Date()) {
    const provider = await this.providers.get(id);
    if (!provider) return undefined;
    const [components, open, past, maintenances, recentMaintenances, recent] = await Promise.all([
      this.uptime.componentDays(id, DASHBOARD_DAYS, now),
      this.incidents.list({ providers: [id], active: true, limit: OPEN_INCIDENTS_SHOWN }),
      this.incidents.list({ providers: [id], active: false, limit: PAST_INCIDENTS_PAGE, after: page.before }),
      this.maintenances([id], now),
      this.prisma.maintenance.findMany({
        where: { providerId: id, status: { in: ["completed", "cancelled"] } },
        orderBy: [{ scheduledFor: "desc" }, { id: "desc" }],
        take: 10,
      }),
      this.events.list({ providers: [id], includeBackfill: false, limit: RECENT_EVENTS_SHOWN, newestFirst: true }),
    ]);
    const named = <T extends { providerId: string }>(x: T) => ({ ...x, providerName: provider.name });
    return {
      generatedAt: now,
      provider,
      components,
      openIncidents: open.items.map(named),
      pastIncidents: past.items.map(named),
      nextPage: past.next,
      activeMaintenances: maintenances.filter((m) => m.status !== "scheduled").map(named),
      upcomingMaintenances: maintenances.filter((m) => m.status === "scheduled").map(named),
      pastMaintenances: recentMaintenances.map(named),
      recent: recent.items.map(named),
    };
  }

  /** The aggregated timeline for feeds: recent live changes, newest first. */
  async feed(providerId: string | undefined, limit = 50) {
    const all = await this.providers.list({});
    const names = new Map(all.map((p) => [p.id, p.name]));
    const events = await this.events.list({ providers: providerId ? [providerId] : all.map((p) => p.id), includeBackfill: false, limit, newestFirst: true });
    return events.items.map((e) => ({ ...e, providerName: names.get(e.providerId) ?? e.providerId }));
  }

  /** Maintenances worth a calendar entry: not cancelled, with a start time, from the last 30 days on. */
  async calendar(now = new Date()) {
    const rows = await this.prisma.maintenance.findMany({
      where: { status: { not: "cancelled" }, scheduledFor: { not: null, gte: new Date(now.getTime() - 30 * DAY_MS) }, provider: { enabled: true } },
      include: { provider: { select: { name: true } } },
      orderBy: [{ scheduledFor: "asc" }, { id: "asc" }],
      take: 500,
    });
    return rows.map((m) => ({ ...m, providerName: m.provider.name }));
  }

  async badge(providerId: string, component?: string) {
    const p = await this.prisma.provider.findFirst({ where: { id: providerId, enabled: true } });
    if (!p) return undefined;
    if (component === undefined) return { label: p.name, status: p.status ?? "unknown", unreadable: p.unreachableSince !== null || p.consecutiveFailures > 0 };
    const c = await this.prisma.component.findFirst({ where: { providerId, name: component } });
    if (!c) return null;
    return { label: `${p.name} ${c.name}`, status: c.status, unreadable: p.unreachableSince !== null || p.consecutiveFailures > 0 };
  }
}
