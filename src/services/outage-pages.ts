import { dataOf, EVENT_CONTRACT } from "../events/contract";
import type { PrismaClient } from "../generated/prisma/client";
import type { OutageStateName } from "../outages/service";
import { CROWD_KINDS } from "../outages/signal-kinds";
import { type OutageStory, outageStory } from "../outages/story";

const HOUR = 3600_000;
/** affected_components is JSON as stored: names, or `{ name }` objects. */
const names = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) =>
        typeof x === "string" ? [x] : x && typeof x === "object" && typeof (x as { name?: unknown }).name === "string" ? [(x as { name: string }).name] : [],
      )
    : [];

export interface OutageListItem {
  id: number;
  providerId: string;
  providerName: string;
  /** The provider was removed (history kept): it has no page to link. */
  providerRemoved: boolean;
  state: OutageStateName;
  suspectedAt: Date;
  acknowledgedAt: Date | null;
  leadSeconds: number | null;
  endedAt: Date | null;
  incidentId: number | null;
  incidentTitle: string | null;
}

/** What the outage pages read: one episode with everything around it, or a page of episodes. */
export class OutagePageService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first by suspectedAt, then id; `after` is the last row of the previous page. */
  async list(f: { limit: number; after?: { at: Date; id: number } }): Promise<{ items: OutageListItem[]; next?: { at: Date; id: number } }> {
    const rows = await this.prisma.outageEpisode.findMany({
      where: f.after ? { OR: [{ suspectedAt: { lt: f.after.at } }, { suspectedAt: f.after.at, id: { lt: f.after.id } }] } : {},
      orderBy: [{ suspectedAt: "desc" }, { id: "desc" }],
      take: f.limit + 1,
      include: { provider: { select: { name: true, deletedAt: true } }, incident: { select: { title: true } } },
    });
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map((e) => ({
        id: e.id,
        providerId: e.providerId,
        providerName: e.provider.name,
        providerRemoved: e.provider.deletedAt !== null,
        state: e.state,
        suspectedAt: e.suspectedAt,
        acknowledgedAt: e.acknowledgedAt,
        leadSeconds: e.leadSeconds,
        endedAt: e.endedAt,
        incidentId: e.incidentId,
        incidentTitle: e.incident?.title ?? null,
      })),
      ...(rows.length > f.limit && last ? { next: { at: last.suspectedAt, id: last.id } } : {}),
    };
  }

  /**
   * One episode's story: its signals from an hour before it was suspected to its end (or now), the
   * team's counted reports, the page's component changes and the linked incident with its updates.
   */
  async story(id: number, now = new Date()): Promise<OutageStory | undefined> {
    const e = await this.prisma.outageEpisode.findUnique({
      where: { id },
      include: { provider: { select: { id: true, name: true, url: true, deletedAt: true } } },
    });
    if (!e) return undefined;
    const from = new Date(e.suspectedAt.getTime() - HOUR);
    const to = e.endedAt ?? new Date(Math.max(now.getTime(), e.lastAbnormalAt.getTime()));
    const window = { gte: from, lte: to };
    const openKey = EVENT_CONTRACT.outage_suspected.dedupeKey({ providerId: e.providerId, part: String(e.id), at: e.suspectedAt });
    const [crowd, probes, reports, changes, incident, opened] = await Promise.all([
      this.prisma.signalPoint.findMany({
        where: { source: { providerId: e.providerId, kind: { in: [...CROWD_KINDS] } }, at: window, reports: { not: null } },
        orderBy: { at: "asc" },
        select: { at: true, reports: true, baseline: true },
        take: 2000,
      }),
      this.prisma.signalPoint.findMany({
        where: { source: { providerId: e.providerId, kind: "probe" }, at: window, ok: { not: null } },
        orderBy: { at: "asc" },
        select: { at: true, ok: true, detail: true },
        take: 2000,
      }),
      this.prisma.userReport.findMany({
        where: { providerId: e.providerId, counted: true, at: window },
        orderBy: { at: "asc" },
        select: { at: true, affected: true, symptom: true, component: true },
        take: 2000,
      }),
      this.prisma.componentStatusChange.findMany({
        where: { component: { providerId: e.providerId }, at: window },
        orderBy: [{ at: "asc" }, { id: "asc" }],
        select: { at: true, fromStatus: true, toStatus: true, component: { select: { name: true } } },
        take: 200,
      }),
      e.incidentId === null
        ? undefined
        : this.prisma.incident.findUnique({
            where: { id: e.incidentId },
            include: { updates: { orderBy: [{ displayAt: "asc" }, { id: "asc" }], take: 200 } },
          }),
      this.prisma.event.findUnique({ where: { dedupeKey: openKey }, select: { kind: true, data: true } }),
    ]);
    // The episode's own reasons are the latest judgement's that had any; the reasons that raised it
    // are the ones its outage_suspected event carried.
    const raisedBy = opened ? dataOf(opened, "outage_suspected")?.reasons : undefined;
    return outageStory({
      now,
      episode: raisedBy?.length ? { ...e, reasons: raisedBy } : e,
      provider: { id: e.provider.id, name: e.provider.name, url: e.provider.url, removed: e.provider.deletedAt !== null },
      crowd: crowd.map((p) => ({ at: p.at, reports: p.reports ?? 0, baseline: p.baseline })),
      probes: probes.map((p) => ({ at: p.at, ok: p.ok ?? true, detail: p.detail })),
      reports,
      componentChanges: changes.map((c) => ({ at: c.at, component: c.component.name, from: c.fromStatus, to: c.toStatus })),
      ...(incident
        ? {
            incident: {
              id: incident.id,
              title: incident.title,
              status: incident.status,
              impact: incident.impact,
              startedAt: incident.startedAt,
              resolvedAt: incident.resolvedAt,
              url: incident.url,
              components: incident.components,
              updates: incident.updates.map((u) => ({ at: u.displayAt, heading: u.label ?? u.status, body: u.body, components: names(u.affectedComponents) })),
            },
          }
        : {}),
    });
  }
}
