import { type EventKind, IMPACTS, type Impact } from "../../domain/status";
import type { PrismaClient } from "../../generated/prisma/client";
import { SlaService } from "../../services/sla";
import { UptimeService } from "../../services/uptime";
import { windowUptime } from "../../uptime/compute";
import { safeHref } from "../../util/escape-html";
import { buildMessage } from "../message";
import type { DigestPeriod, DigestFrequency } from "./period";
import type { DigestIncident, DigestNotice, DigestReport, DigestSla, ProviderDigest } from "./report";

/** What a digest needs of its subscription. */
export interface DigestSubscription {
  id: number;
  providers: string[];
  minImpact: Impact;
  timeZone: string;
}

/** Held notifications about these kinds are told by the digest's own sections; the rest are listed as notices. */
const TOLD_BY_SECTIONS = new Set<EventKind>([
  "incident_opened",
  "incident_status_changed",
  "incident_update_posted",
  "incident_resolved",
  "incident_reminder",
  "outage_suspected",
  "outage_confirmed",
  "outage_cleared",
]);
const MAX_INCIDENTS = 2000;
const MAX_NOTICES = 100;
const MAX_HELD = 5000;

/**
 * Reads everything one digest shows, for the providers the subscription covers: the named ones, or
 * (when it names none) every enabled provider, of which only those with something to report get a
 * section. `until` is the period's end, or now for a preview of the running period.
 */
export async function buildDigest(
  prisma: PrismaClient,
  sub: DigestSubscription,
  frequency: DigestFrequency,
  period: DigestPeriod,
  opts: { publicUrl: string; now: Date },
): Promise<{ report: DigestReport; heldDeliveryIds: number[] }> {
  const complete = period.end.getTime() <= opts.now.getTime();
  const start = period.start;
  const until = complete ? period.end : opts.now;
  const named = sub.providers.length > 0;
  const providers = await prisma.provider.findMany({
    where: named ? { id: { in: sub.providers } } : { enabled: true },
    select: { id: true, name: true, url: true, sla: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const ids = providers.map((p) => p.id);
  const impacts = IMPACTS.slice(IMPACTS.indexOf(sub.minImpact));
  const [incidents, episodes, held] = await Promise.all([
    prisma.incident.findMany({
      where: { providerId: { in: ids }, impact: { in: [...impacts] }, startedAt: { lt: until }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: start } }] },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: MAX_INCIDENTS,
    }),
    prisma.outageEpisode.findMany({
      where: { providerId: { in: ids }, suspectedAt: { lt: until }, OR: [{ endedAt: null }, { endedAt: { gte: start } }] },
      orderBy: [{ suspectedAt: "asc" }, { id: "asc" }],
      take: MAX_INCIDENTS,
    }),
    prisma.delivery.findMany({
      where: { subscriptionId: sub.id, status: "digest" },
      select: { id: true, eventId: true, event: { select: { kind: true } } },
      orderBy: { eventId: "asc" },
      take: MAX_HELD,
    }),
  ]);
  const active = named ? providers : providers.filter((p) => incidents.some((i) => i.providerId === p.id) || episodes.some((e) => e.providerId === p.id));
  const activeIds = active.map((p) => p.id);
  const uptime = new UptimeService(prisma);
  const [bars, availability, slas] = await Promise.all([
    uptime.barsByProvider(activeIds, 30, until),
    periodAvailability(prisma, uptime, activeIds, start, until),
    monthToDate(prisma, active, until, opts.publicUrl),
  ]);

  const sections: ProviderDigest[] = active.map((p) => {
    const own = incidents
      .filter((i) => i.providerId === p.id)
      .map((i): DigestIncident => {
        const resolvedAt = i.resolvedAt && i.resolvedAt.getTime() <= until.getTime() ? i.resolvedAt : null;
        return {
          id: i.id,
          title: i.title,
          impact: i.impact,
          startedAt: i.startedAt,
          resolvedAt,
          durationSeconds: Math.max(0, Math.round(((resolvedAt ?? until).getTime() - i.startedAt.getTime()) / 1000)),
          link: `${opts.publicUrl}/incidents/${i.id}`,
          providerUrl: safeHref(i.url) ?? null,
        };
      });
    return {
      id: p.id,
      name: p.name,
      statusPageUrl: p.url,
      dashboardUrl: `${opts.publicUrl}/providers/${encodeURIComponent(p.id)}`,
      incidents: own,
      stillOpen: own.filter((i) => i.resolvedAt === null),
      warnings: episodes
        .filter((e) => e.providerId === p.id)
        .map((e) => ({
          id: e.id,
          state: e.state,
          suspectedAt: e.suspectedAt,
          confirmedAt: e.confirmedAt,
          endedAt: e.endedAt && e.endedAt.getTime() <= until.getTime() ? e.endedAt : null,
          leadSeconds: e.leadSeconds,
          incidentId: e.incidentId,
          link: `${opts.publicUrl}/outages/${e.id}`,
        })),
      availability: availability.get(p.id) ?? { percent: null, downtimeSeconds: 0, observedSeconds: 0 },
      strip: (bars.get(p.id)?.runs.flat() ?? []).slice(-30).map((d) => ({ date: d.date, worst: d.worst, uptimePercent: d.uptimePercent })),
      sla: slas.get(p.id) ?? null,
    };
  });

  const notices: DigestNotice[] = [];
  for (const d of held.filter((d) => !TOLD_BY_SECTIONS.has(d.event.kind)).slice(0, MAX_NOTICES)) {
    const m = await buildMessage(prisma, d.eventId, opts.publicUrl).catch(() => undefined);
    if (m) notices.push({ at: m.occurredAt, providerName: m.providerName, tag: m.tag, title: m.title, detail: m.transition });
  }

  return {
    report: {
      subscriptionId: sub.id,
      frequency,
      timeZone: sub.timeZone,
      period,
      complete,
      generatedAt: opts.now,
      publicUrl: opts.publicUrl,
      providers: sections,
      quietProviders: providers.length - active.length,
      notices,
    },
    heldDeliveryIds: held.map((d) => d.id),
  };
}

/** Per provider, its least available component over the period: how bad it got for someone. */
async function periodAvailability(prisma: PrismaClient, uptime: UptimeService, ids: string[], from: Date, to: Date) {
  const out = new Map<string, ProviderDigest["availability"]>();
  if (ids.length === 0) return out;
  const components = await prisma.component.findMany({ where: { providerId: { in: ids } }, select: { id: true, providerId: true } });
  const history = await uptime.histories(
    components.map((c) => c.id),
    from,
    to,
  );
  for (const c of components) {
    const u = windowUptime(history.get(c.id)!, from, to);
    if (u.uptimePercent === null) continue;
    const prev = out.get(c.providerId);
    if (!prev || prev.percent === null || u.uptimePercent < prev.percent)
      out.set(c.providerId, { percent: u.uptimePercent, downtimeSeconds: u.downtimeSeconds, observedSeconds: u.observedSeconds });
  }
  return out;
}

/** Month-to-date standing at `until` (the UTC month it falls in), for providers with SLA terms. */
async function monthToDate(prisma: PrismaClient, providers: Array<{ id: string; sla: unknown }>, until: Date, publicUrl: string) {
  const out = new Map<string, DigestSla>();
  const month = new Date(until.getTime() - 1).toISOString().slice(0, 7);
  const sla = new SlaService(prisma);
  for (const p of providers.filter((p) => p.sla !== null)) {
    const r = await sla.report(p.id, month, undefined, until);
    if (!r || r.slaPercent === null) continue;
    out.set(p.id, {
      month,
      slaPercent: r.slaPercent,
      availabilityPercent: r.availabilityPercent,
      downtimeSeconds: r.downtimeSeconds,
      breached: r.breached,
      creditPercent: r.creditPercent,
      link: `${publicUrl}/providers/${encodeURIComponent(p.id)}/sla?month=${month}`,
    });
  }
  return out;
}
