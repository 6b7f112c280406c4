import { type EventKind, IMPACTS, type Impact } from "../../domain/status";
import type { PrismaClient } from "../../generated/prisma/client";
import { SlaService } from "../../services/sla";
import { UptimeService } from "../../services/uptime";
import { windowUptime } from "../../uptime/compute";
import { safeHref } from "../../util/escape-html";
import { buildMessage } from "../message";
import type { DigestPeriod, DigestFrequency } from "./period";
import { localDays, localStrip } from "./strip";
import type { DigestIncident, DigestNotice, DigestReport, DigestSla, ProviderDigest } from "./report";

/** What a digest needs of its subscription. */
export interface DigestSubscription {
  id: number;
  providers: string[];
  minImpact: Impact;
  timeZone: string;
  /** Component names; empty for all. Narrows incidents and availability as it narrows live alerts. */
  components: string[];
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

const STRIP_DAYS = 30;

/**
 * Reads everything one digest shows, for the providers the subscription covers: the named ones, or
 * (when it names none) every enabled provider, of which only those with something to report get a
 * section. A components filter applies as fan-out applies it: only incidents naming one of them,
 * and only their availability. `until` is the period's end, or now for a preview of the running period.
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
      where: {
        providerId: { in: ids },
        impact: { in: [...impacts] },
        startedAt: { lt: until },
        OR: [{ resolvedAt: null }, { resolvedAt: { gte: start } }],
        ...(sub.components.length ? { components: { hasSome: sub.components } } : {}),
      },
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
  const [{ availability, strips }, slas] = await Promise.all([
    uptimeFigures(prisma, activeIds, sub, start, until),
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
      strip: strips.get(p.id) ?? localStrip([], until, STRIP_DAYS, sub.timeZone),
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

/**
 * Per provider, over the subscription's components: the least available one over the period (how
 * bad it got for someone), and the strip of the subscriber's local days up to the period's end.
 */
async function uptimeFigures(prisma: PrismaClient, ids: string[], sub: DigestSubscription, from: Date, until: Date) {
  const availability = new Map<string, ProviderDigest["availability"]>();
  const strips = new Map<string, ProviderDigest["strip"]>();
  if (ids.length === 0) return { availability, strips };
  const components = await prisma.component.findMany({
    where: { providerId: { in: ids }, ...(sub.components.length ? { name: { in: sub.components } } : {}) },
    select: { id: true, providerId: true },
  });
  const firstDay = localDays(until, STRIP_DAYS, sub.timeZone)[0]!.start;
  const history = await new UptimeService(prisma).histories(
    components.map((c) => c.id),
    new Date(Math.min(firstDay.getTime(), from.getTime())),
    until,
  );
  for (const c of components) {
    const u = windowUptime(history.get(c.id)!, from, until);
    if (u.uptimePercent === null) continue;
    const prev = availability.get(c.providerId);
    if (!prev || prev.percent === null || u.uptimePercent < prev.percent)
      availability.set(c.providerId, { percent: u.uptimePercent, downtimeSeconds: u.downtimeSeconds, observedSeconds: u.observedSeconds });
  }
  for (const id of ids) {
    const own = components.filter((c) => c.providerId === id).map((c) => history.get(c.id)!);
    strips.set(id, localStrip(own, until, STRIP_DAYS, sub.timeZone));
  }
  return { availability, strips };
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
