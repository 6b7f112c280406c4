import type { EventKind, Impact } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import { dataOf } from "../events/contract";
import { htmlToText } from "../text/html-text";
import { describeOutage, isOutageKind } from "../outages/message";

/** How bad the news is, for a channel's status marker (emoji, colour, subject tag). */
export type Severity = "critical" | "major" | "minor" | "maintenance" | "recovered" | "info";

/** One channel-neutral message per event; every channel renders this and nothing else. */
export interface NotifyMessage {
  eventId: number;
  kind: EventKind;
  providerId: string;
  providerName: string;
  /** Incident or maintenance title, component name, or the provider name for source events. */
  title: string;
  /** Short tag for subjects: "Resolved", "Investigating", "Degraded performance", "Flapping"… */
  tag: string;
  /** "Investigating → Identified", "Operational → Major outage", "Still open after 4h". */
  transition: string;
  severity: Severity;
  impact?: Impact;
  components: string[];
  /** Plain text, markup removed. */
  latestUpdate?: string;
  /** The provider's page for this incident, or its status page. */
  statusPageUrl?: string;
  /** The incident, maintenance or outage page in statuswatch (`/incidents/:id`, `/maintenances/:id`, `/outages/:id`). */
  statuswatchUrl?: string;
  /** Set when an incident or maintenance ends. */
  durationSeconds?: number;
  occurredAt: Date;
  /** Messages with the same thread key belong together (email threading). */
  threadKey?: string;
  /** Opens its thread (incident opened, maintenance announced). */
  startsThread: boolean;
  /** Early-warning events: the episode, the signals that fired, and whether people can vote on it. */
  outage?: { episodeId: number; signals: string[]; leadSeconds?: number; votable: boolean };
}

const WORDS: Record<string, string> = {
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
  in_progress: "In progress",
};

export function humanize(status: string | null | undefined): string {
  if (!status) return "Unknown";
  return WORDS[status] ?? status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, " ");
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

function componentSeverity(status: string | null | undefined): Severity {
  if (status === "major_outage") return "critical";
  if (status === "partial_outage") return "major";
  if (status === "degraded_performance") return "minor";
  if (status === "under_maintenance") return "maintenance";
  return status === "operational" ? "recovered" : "info";
}

function impactSeverity(impact: Impact): Severity {
  return impact === "critical" ? "critical" : impact === "major" ? "major" : impact === "minor" ? "minor" : "info";
}

/** Reads the event and what it is about, and says it once for every channel. */
export async function buildMessage(prisma: PrismaClient, eventId: number, publicUrl: string): Promise<NotifyMessage> {
  const e = await prisma.event.findUniqueOrThrow({
    where: { id: eventId },
    include: { provider: true, incident: true, maintenance: true, component: true },
  });
  const base = {
    eventId: e.id,
    kind: e.kind,
    providerId: e.providerId,
    providerName: e.provider.name,
    occurredAt: e.occurredAt,
    statusPageUrl: e.provider.url,
    components: [] as string[],
    startsThread: false,
  };

  if (isOutageKind(e.kind)) {
    const o = describeOutage(e);
    const episodeId = (dataOf(e, "outage_suspected") ?? dataOf(e, "outage_confirmed") ?? dataOf(e, "outage_cleared"))?.episodeId ?? 0;
    return {
      ...base,
      title: o.title,
      tag: o.tag,
      transition: o.transition,
      severity: o.severity,
      latestUpdate: o.signals.length ? `Signals that fired:\n${o.signals.map((s) => `• ${s}`).join("\n")}` : undefined,
      statuswatchUrl: `${publicUrl}/outages/${episodeId}`,
      threadKey: `outage-${episodeId}`,
      startsThread: e.kind === "outage_suspected",
      outage: { episodeId, signals: o.signals, ...(o.leadSeconds !== undefined ? { leadSeconds: o.leadSeconds } : {}), votable: o.votable },
    };
  }

  if (e.incident) {
    const i = e.incident;
    const update = await prisma.incidentUpdate.findFirst({
      where: { incidentId: i.id, displayAt: { lte: e.occurredAt } },
      orderBy: [{ displayAt: "desc" }, { id: "desc" }],
    });
    const body = dataOf(e, "incident_update_posted")?.body || update?.body;
    const closed = e.kind === "incident_resolved";
    const durationSeconds = closed ? ((i.resolvedAt ?? e.occurredAt).getTime() - i.startedAt.getTime()) / 1000 : undefined;
    const reminder = e.kind === "incident_reminder";
    const updatePosted = e.kind === "incident_update_posted";
    const openFor = (Date.now() - i.startedAt.getTime()) / 1000;
    return {
      ...base,
      title: i.title,
      tag: reminder ? "Still open" : updatePosted ? "Update" : humanize(e.toStatus ?? i.status),
      transition: reminder
        ? `Still ${humanize(i.status).toLowerCase()} after ${formatDuration(openFor)}`
        : updatePosted
          ? `New update (${humanize(e.toStatus ?? i.status)})`
          : e.kind === "incident_opened"
            ? `New incident: ${humanize(e.toStatus)}`
            : `${humanize(e.fromStatus)} → ${humanize(e.toStatus)}`,
      severity: closed ? "recovered" : impactSeverity(i.impact),
      impact: i.impact,
      components: i.components,
      latestUpdate: body ? htmlToText(body) : undefined,
      statusPageUrl: i.url ?? e.provider.url,
      statuswatchUrl: `${publicUrl}/incidents/${i.id}`,
      durationSeconds,
      threadKey: `incident-${i.id}`,
      startsThread: e.kind === "incident_opened",
    };
  }
  if (e.maintenance) {
    const m = e.maintenance;
    const done = e.kind === "maintenance_completed";
    const start = m.startedAt ?? m.scheduledFor;
    return {
      ...base,
      title: m.title,
      tag: e.kind === "maintenance_started" ? "Maintenance started" : done ? "Maintenance completed" : `Maintenance ${humanize(e.toStatus).toLowerCase()}`,
      transition: `${e.fromStatus ? `${humanize(e.fromStatus)} → ` : ""}${humanize(e.toStatus)}`,
      severity: done ? "recovered" : "maintenance",
      impact: m.impact,
      components: m.components,
      statusPageUrl: m.url ?? e.provider.url,
      statuswatchUrl: `${publicUrl}/maintenances/${m.id}`,
      durationSeconds: done && start ? ((m.completedAt ?? e.occurredAt).getTime() - start.getTime()) / 1000 : undefined,
      threadKey: `maintenance-${m.id}`,
      startsThread: e.kind === "maintenance_scheduled" || e.kind === "maintenance_started",
    };
  }
  if (e.component) {
    const c = e.component;
    if (e.kind === "component_flapping") {
      const flap = dataOf(e, "component_flapping");
      const changes = flap?.changes ?? 0;
      return {
        ...base,
        title: c.name,
        tag: "Flapping",
        transition: `Changed status ${changes} times in ${formatDuration(flap?.windowSeconds ?? 0)}; now ${humanize(c.status)}. Further changes are not announced one by one.`,
        severity: componentSeverity(c.status) === "recovered" ? "info" : componentSeverity(c.status),
        components: [c.name],
      };
    }
    return {
      ...base,
      title: c.name,
      tag: humanize(e.toStatus),
      transition: `${humanize(e.fromStatus ?? "operational")} → ${humanize(e.toStatus)}`,
      severity: componentSeverity(e.toStatus),
      components: [c.name],
      latestUpdate: dataOf(e, "component_status_changed")?.description || undefined,
    };
  }
  if (e.kind === "source_format_changed") {
    const formatChanged = dataOf(e, "source_format_changed");
    return {
      ...base,
      title: `${e.provider.name} status page`,
      tag: "Format changed",
      transition: `The status page answers, but no longer as statuswatch reads it: ${formatChanged?.what ?? "its format changed"}`,
      severity: "major",
      latestUpdate: [
        `Polled as ${formatChanged?.kind ?? e.provider.kind}.`,
        formatChanged?.suggestion ? `Detection now: ${formatChanged.suggestion}.` : undefined,
        `\`npm run detect -- ${e.providerId}\` says which kind fits now.`,
      ]
        .filter(Boolean)
        .join(" "),
      threadKey: "format",
      startsThread: true,
    };
  }
  if (e.kind === "source_format_recovered") {
    const back = dataOf(e, "source_format_recovered");
    return {
      ...base,
      title: `${e.provider.name} status page`,
      tag: "Format readable again",
      transition: `${back?.what ?? "The status page parses again"}, after ${formatDuration(back?.changedForSeconds ?? 0)}`,
      severity: "recovered",
      threadKey: "format",
    };
  }
  const unreachable = e.kind === "source_unreachable";
  return {
    ...base,
    title: e.kind === "provider_status_changed" ? "Overall status" : `${e.provider.name} status page`,
    tag: unreachable ? "Unreachable" : e.kind === "source_recovered" ? "Reachable again" : humanize(e.toStatus ?? e.kind),
    transition: unreachable
      ? `statuswatch cannot read the status page: ${dataOf(e, "source_unreachable")?.reason || "unknown error"}`
      : e.kind === "source_recovered"
        ? `The status page answers again after ${formatDuration(dataOf(e, "source_recovered")?.downForSeconds ?? 0)}`
        : `${humanize(e.fromStatus)} → ${humanize(e.toStatus)}`,
    severity: unreachable ? "major" : e.kind === "source_recovered" ? "recovered" : componentSeverity(e.toStatus),
  };
}
