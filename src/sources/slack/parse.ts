import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { htmlToText } from "../../text/html-text";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { mergeById } from "../statuspage/parse";

/** Slack Status API v2.0.0: `/current` (open events) and `/history` (recent events, same shape). */
export interface SlackOptions {
  /** Defaults to the catalog URL with its trailing `/current` replaced by `/history`. */
  historyUrl?: string;
}

/** How bad each Slack event type is, for the event and for the services it names. */
const TYPE_EFFECT: Record<string, { impact: Impact; component: ComponentStatus }> = {
  outage: { impact: "critical", component: "major_outage" },
  incident: { impact: "major", component: "partial_outage" },
  notice: { impact: "minor", component: "degraded_performance" },
  maintenance: { impact: "none", component: "under_maintenance" },
};

const CLOSED = new Set(["resolved", "completed", "closed", "ok"]);

export function parseSlack(current: unknown, history?: unknown): Snapshot {
  if (!isRecord(current)) throw invalidPayload("Slack current status is not a JSON object");
  if (typeof current.status !== "string" || (current.active_incidents !== undefined && !Array.isArray(current.active_incidents))) {
    throw invalidPayload("Slack current status lacks status or active_incidents: not a Slack Status API v2 document");
  }
  if (history !== undefined && !Array.isArray(history)) throw invalidPayload("Slack history is not an array");
  const active = (current.active_incidents as unknown[] | undefined) ?? [];
  const incidents: SnapshotIncident[] = [];
  const maintenances: SnapshotMaintenance[] = [];
  const services = new Map<string, ComponentStatus[]>();
  const skipped: string[] = [];
  parseEach(
    [...active.map((e) => [e, true] as const), ...(history ?? []).map((e) => [e, false] as const)],
    ([raw, isCurrent]) => {
      const event = parseEvent(raw);
      const open = isCurrent && !CLOSED.has(event.status);
      for (const name of event.services) {
        const list = services.get(name) ?? [];
        if (open) list.push(event.effect.component);
        services.set(name, list);
      }
      if (event.maintenance) maintenances.push(event.maintenance);
      if (event.incident) incidents.push(event.incident);
    },
    skipped,
  );
  const components: SnapshotComponent[] = [...services].map(([name, list]) => ({ externalId: name, name, status: worstComponentStatus(list) }));
  const stated = current.status.toLowerCase();
  const worst = worstComponentStatus(components.map((c) => c.status));
  return {
    // "ok" is Slack's all-clear; otherwise the events say how bad it is.
    status: stated === "ok" ? "operational" : worst === "operational" ? "degraded_performance" : worst,
    statusDescription: current.status,
    components,
    componentsExhaustive: true,
    // The current copy of an event is newer than its history copy.
    incidents: mergeById(incidents),
    maintenances: mergeById(maintenances),
    ...(skipped.length ? { skipped } : {}),
  };
}

function parseEvent(raw: unknown) {
  if (!isRecord(raw)) throw invalidPayload("a Slack incident is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("a Slack incident has no id");
  const type = (str(raw.type) ?? "incident").toLowerCase();
  const status = (str(raw.status) ?? "active").toLowerCase();
  const effect = TYPE_EFFECT[type] ?? TYPE_EFFECT.incident!;
  const services = Array.isArray(raw.services) ? raw.services.flatMap((s) => (str(s)?.trim() ? [str(s)!.trim()] : [])) : [];
  const created = requireDate(raw.date_created, `Slack incident ${id} date_created`);
  const notes = (Array.isArray(raw.notes) ? raw.notes.filter(isRecord) : []).map((n, i) => ({
    at: requireDate(n.date_created, `note ${i} of Slack incident ${id}`),
    // Notes are HTML (<p>, &nbsp;) in the history API; plain text passes through unchanged.
    body: htmlToText(str(n.body) ?? ""),
  }));
  const closed = CLOSED.has(status);
  const common = {
    externalId: id,
    title: str(raw.title)?.trim() || `Slack ${type} ${id}`,
    impact: effect.impact,
    url: str(raw.url),
    components: services,
    updatedAt: toDate(raw.date_updated),
  };
  if (type === "maintenance") {
    const maintenance = buildMaintenance({
      ...common,
      status: closed ? "completed" : status === "scheduled" ? "scheduled" : "in_progress",
      updates: notes.map((n) => ({ ...n, status: undefined })),
    });
    return { status, effect, services, maintenance, incident: undefined };
  }
  // Notes carry no state; the last note of a finished event is its resolution.
  const updates = carryStatuses(notes.map((n, i) => ({ ...n, status: closed && i === notes.length - 1 ? ("resolved" as const) : undefined })));
  const incident = buildIncident({
    ...common,
    updates,
    status: closed ? "resolved" : "investigating",
    startedAt: created,
    resolvedAt: closed ? (toDate(raw.date_updated) ?? updates.at(-1)?.at) : undefined,
  });
  return { status, effect, services, maintenance: undefined, incident };
}

export function defaultHistoryUrl(currentUrl: string): string | undefined {
  return /\/current\/?$/.test(currentUrl) ? currentUrl.replace(/\/current\/?$/, "/history") : undefined;
}
