import type { AffectedComponent, Snapshot, SnapshotComponent, SnapshotIncident, SnapshotIncidentUpdate, SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type IncidentStatus, toComponentStatus, toImpact, toIncidentStatus, toMaintenanceStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { isRecord, parseEach, requireDate, shortHash, str, toDate } from "../parse/parse-helpers";
import { underBase } from "../types";

/** Atlassian Statuspage: `/api/v2/summary.json`, `/incidents.json` and `/scheduled-maintenances.json` under the page. */
export interface StatuspagePayloads {
  summary: unknown;
  incidents?: unknown;
  maintenances?: unknown;
}

const INDICATOR_STATUS: Record<string, ComponentStatus> = {
  none: "operational",
  minor: "degraded_performance",
  major: "partial_outage",
  critical: "major_outage",
  maintenance: "under_maintenance",
};

export function parseStatuspage(payloads: StatuspagePayloads, pageUrl: string): Snapshot {
  const summary = payloads.summary;
  if (!isRecord(summary)) throw invalidPayload("summary.json is not a JSON object");
  if (!Array.isArray(summary.components) && !isRecord(summary.status) && !isRecord(summary.page)) {
    throw invalidPayload("summary.json has none of page, status or components: not a Statuspage summary");
  }
  const status = isRecord(summary.status) ? summary.status : {};
  const base = str(isRecord(summary.page) ? summary.page.url : undefined) ?? pageUrl;
  const skipped: string[] = [];
  // Statuspage keeps maintenances as incidents internally, and some pages list them in incidents.json.
  const [listedMaintenances, listedIncidents] = partition([...listOf(summary.incidents), ...listOf(payloads.incidents, "incidents")], isMaintenanceShaped);
  const incidents = parseEach(listedIncidents, (i) => parseIncident(i, base), skipped);
  const maintenances = parseEach(
    [...listOf(summary.scheduled_maintenances), ...listOf(payloads.maintenances, "scheduled_maintenances"), ...listedMaintenances],
    (m) => parseMaintenance(m, base),
    skipped,
  );
  return {
    status: INDICATOR_STATUS[String(status.indicator ?? "")],
    statusDescription: str(status.description),
    updatedAt: isRecord(summary.page) ? toDate(summary.page.updated_at) : undefined,
    components: parseComponents(summary.components),
    incidents: mergeById(incidents),
    maintenances: mergeById(maintenances),
    ...(skipped.length ? { skipped } : {}),
  };
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}

/** A maintenance status word, or a maintenance window with impact "maintenance". */
function isMaintenanceShaped(raw: unknown): boolean {
  if (!isRecord(raw) || toIncidentStatus(raw.status)) return false;
  return toMaintenanceStatus(raw.status) !== undefined || (raw.impact === "maintenance" && raw.scheduled_for !== undefined && raw.scheduled_for !== null);
}

/** Accepts `{ key: [...] }` and a bare array (archives store them so); anything else is an error. */
function listOf(doc: unknown, key?: string): unknown[] {
  if (doc === undefined || doc === null) return [];
  if (Array.isArray(doc)) return doc;
  if (key && isRecord(doc)) {
    const list = doc[key];
    if (list === undefined) return [];
    if (Array.isArray(list)) return list;
  }
  throw invalidPayload(`${key ?? "list"} is not an array`);
}

export function parseComponents(raw: unknown): SnapshotComponent[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidPayload("components is not an array");
  const groups = new Map<string, string>();
  for (const c of raw) if (isRecord(c) && c.group === true) groups.set(String(c.id), String(c.name));
  const out: SnapshotComponent[] = [];
  for (const c of raw) {
    if (!isRecord(c) || c.group === true) continue;
    const name = str(c.name);
    const status = toComponentStatus(c.status);
    if (!name || !status) continue;
    out.push({
      externalId: str(c.id) ?? name,
      name,
      group: c.group_id ? groups.get(String(c.group_id)) : undefined,
      status,
      updatedAt: toDate(c.updated_at),
    });
  }
  return out;
}

function affected(raw: unknown): AffectedComponent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).flatMap((c) => {
    const name = str(c.name) ?? str(c.code);
    return name ? [{ name, from: toComponentStatus(c.old_status), to: toComponentStatus(c.new_status) }] : [];
  });
}

function updateTime(u: Record<string, unknown>, what: string): Date {
  return requireDate(u.display_at ?? u.displayed_at ?? u.created_at, what);
}

export function parseIncident(raw: unknown, base: string): SnapshotIncident {
  if (!isRecord(raw)) throw invalidPayload("an incident is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("an incident has no id");
  const rawUpdates = Array.isArray(raw.incident_updates) ? raw.incident_updates.filter(isRecord) : [];
  // A status word we do not know is read from the latest update that has one we do.
  const status = toIncidentStatus(raw.status) ?? latestKnownStatus(rawUpdates);
  if (!status) throw invalidPayload(`incident ${id} has unknown status ${JSON.stringify(raw.status)}`);
  const updates = parseIncidentUpdates(rawUpdates, id, status);
  const earliest = updates.reduce<Date | undefined>((min, u) => (!min || u.at < min ? u.at : min), undefined);
  const startedAt = toDate(raw.started_at) ?? toDate(raw.created_at) ?? earliest;
  if (!startedAt) throw invalidPayload(`incident ${id} has no start time`);
  const components = Array.isArray(raw.components) ? raw.components.filter(isRecord).flatMap((c) => (str(c.name) ? [String(c.name)] : [])) : [];
  for (const u of updates) for (const c of u.components) if (!components.includes(c.name)) components.push(c.name);
  return {
    externalId: id,
    title: str(raw.name)?.trim() || `Incident ${id}`,
    status,
    impact: toImpact(raw.impact) ?? "none",
    url: incidentUrl(raw, base, id),
    startedAt,
    identifiedAt: firstAt(updates, "identified"),
    monitoringAt: toDate(raw.monitoring_at) ?? firstAt(updates, "monitoring"),
    resolvedAt: status === "resolved" || status === "postmortem" ? (toDate(raw.resolved_at) ?? lastAt(updates, "resolved")) : undefined,
    updatedAt: toDate(raw.updated_at),
    components,
    updates,
  };
}

function latestKnownStatus(updates: Record<string, unknown>[]): IncidentStatus | undefined {
  const known = updates
    .map((u) => ({ status: toIncidentStatus(u.status), at: toDate(u.display_at ?? u.displayed_at ?? u.created_at)?.getTime() ?? 0 }))
    .filter((u) => u.status !== undefined);
  return known.sort((a, b) => b.at - a.at)[0]?.status;
}

/**
 * GitHub used an undocumented "update" status for years: it carries the previous status forward
 * (the feed labels it "Update"), so the update is kept with its label and does not move the state.
 */
function parseIncidentUpdates(raw: Record<string, unknown>[], incidentId: string, incidentStatus: IncidentStatus): SnapshotIncidentUpdate[] {
  const dated = raw.map((u, i) => ({ u, at: updateTime(u, `update ${String(u.id ?? i)} of incident ${incidentId}`) }));
  dated.sort((a, b) => a.at.getTime() - b.at.getTime() || String(a.u.created_at).localeCompare(String(b.u.created_at)));
  let current: IncidentStatus | undefined;
  return dated.map(({ u, at }) => {
    const rawStatus = str(u.status) ?? "";
    const known = toIncidentStatus(rawStatus);
    const status = known ?? current ?? (incidentStatus === "resolved" ? "investigating" : incidentStatus);
    current = status;
    const body = str(u.body) ?? "";
    return {
      externalId: str(u.id) ?? shortHash(rawStatus, at.toISOString(), body),
      status,
      label: known ? undefined : rawStatus || undefined,
      body,
      at,
      components: affected(u.affected_components ?? u.components),
    };
  });
}

function firstAt(updates: SnapshotIncidentUpdate[], status: IncidentStatus): Date | undefined {
  return updates.find((u) => u.status === status && !u.label)?.at;
}

function lastAt(updates: SnapshotIncidentUpdate[], status: IncidentStatus): Date | undefined {
  return [...updates].reverse().find((u) => u.status === status)?.at;
}

function incidentUrl(raw: Record<string, unknown>, base: string, id: string): string {
  const shortlink = str(raw.shortlink);
  if (/^https?:\/\//.test(base)) return underBase(base, `incidents/${encodeURIComponent(id)}`);
  return shortlink ?? base;
}

export function parseMaintenance(raw: unknown, base: string): SnapshotMaintenance {
  if (!isRecord(raw)) throw invalidPayload("a scheduled maintenance is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("a scheduled maintenance has no id");
  const status = toMaintenanceStatus(raw.status);
  if (!status) throw invalidPayload(`maintenance ${id} has unknown status ${JSON.stringify(raw.status)}`);
  const updates = (Array.isArray(raw.incident_updates) ? raw.incident_updates.filter(isRecord) : [])
    .map((u, i) => {
      const at = updateTime(u, `update ${String(u.id ?? i)} of maintenance ${id}`);
      const body = str(u.body) ?? "";
      return {
        externalId: str(u.id) ?? shortHash(u.status, at.toISOString(), body),
        status: toMaintenanceStatus(u.status) ?? status,
        body,
        at,
      };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const components = Array.isArray(raw.components) ? raw.components.filter(isRecord).flatMap((c) => (str(c.name) ? [String(c.name)] : [])) : [];
  return {
    externalId: id,
    title: str(raw.name)?.trim() || `Maintenance ${id}`,
    status,
    impact: toImpact(raw.impact) ?? "none",
    url: incidentUrl(raw, base, id),
    scheduledFor: toDate(raw.scheduled_for),
    scheduledUntil: toDate(raw.scheduled_until),
    startedAt: updates.find((u) => u.status === "in_progress")?.at,
    completedAt: status === "completed" ? (toDate(raw.resolved_at) ?? updates.at(-1)?.at) : undefined,
    updatedAt: toDate(raw.updated_at),
    components,
    updates,
  };
}

/** The same incident can come from summary.json and incidents.json; keep the most recently updated copy. */
export function mergeById<T extends { externalId: string; updatedAt?: Date; updates: unknown[] }>(items: T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    const prev = byId.get(item.externalId);
    const newer =
      !prev ||
      (item.updatedAt?.getTime() ?? 0) > (prev.updatedAt?.getTime() ?? 0) ||
      ((item.updatedAt?.getTime() ?? 0) === (prev.updatedAt?.getTime() ?? 0) && item.updates.length > prev.updates.length);
    if (newer) byId.set(item.externalId, item);
  }
  return [...byId.values()];
}
