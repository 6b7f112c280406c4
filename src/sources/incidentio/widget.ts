import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import { type Impact, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { componentStatusWord, incidentStatusWord, maintenanceStatusWord } from "../parse/status-words";

/**
 * incident.io's public Widget API (`/api/v1/summary`): what is happening now, one line per
 * incident (`last_update_at`, `last_update_message`) and the affected components' current status.
 */
export function isWidgetSummary(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && Array.isArray(doc.ongoing_incidents) && !Array.isArray(doc.components);
}

const IMPACT: Record<string, Impact> = { full_outage: "critical", partial_outage: "major", degraded_performance: "minor" };

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function parseWidgetSummary(doc: unknown): Snapshot {
  if (!isWidgetSummary(doc)) throw invalidPayload("incident.io widget summary has no ongoing_incidents array");
  const skipped: string[] = [];
  const components = new Map<string, SnapshotComponent>();
  const incidents = parseEach(list(doc.ongoing_incidents), (raw) => parseOngoing(raw, components), skipped);
  const maintenances = parseEach([...list(doc.in_progress_maintenances), ...list(doc.scheduled_maintenances)], parseMaintenance, skipped);
  const listed = [...components.values()];
  return {
    status: worstComponentStatus(listed.map((c) => c.status)),
    components: listed,
    // Only affected components are named: one no incident mentions any more is operational.
    componentsExhaustive: true,
    incidents,
    maintenances,
    ...(skipped.length ? { skipped } : {}),
  };
}

function parseOngoing(raw: unknown, components: Map<string, SnapshotComponent>): SnapshotIncident {
  if (!isRecord(raw)) throw invalidPayload("an incident.io ongoing incident is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("an incident.io ongoing incident has no id");
  const at = requireDate(raw.last_update_at, `incident.io incident ${id} last_update_at`);
  const status = incidentStatusWord(str(raw.status)) ?? "investigating";
  const affected = list(raw.affected_components).filter(isRecord);
  for (const c of affected) {
    const name = str(c.name);
    const current = componentStatusWord(str(c.current_status));
    if (!name || !current) continue;
    const key = str(c.id) ?? name;
    const prev = components.get(key);
    components.set(key, { externalId: key, name, group: str(c.group_name), status: worstComponentStatus([current, ...(prev ? [prev.status] : [])]) });
  }
  const incident = buildIncident({
    externalId: id,
    title: str(raw.name)?.trim() || `Incident ${id}`,
    impact: IMPACT[str(raw.current_worst_impact) ?? ""] ?? "minor",
    url: str(raw.url),
    components: affected.flatMap((c) => (str(c.name) ? [str(c.name)!] : [])),
    // The widget shows the latest update only; the feed or summary.json carries the full history.
    updates: [{ externalId: `${id}@${at.toISOString()}`, at, body: str(raw.last_update_message) ?? "", status, components: [] }],
    status,
  });
  if (!incident) throw invalidPayload(`incident.io incident ${id} has no time`);
  return incident;
}

function parseMaintenance(raw: unknown): SnapshotMaintenance {
  if (!isRecord(raw)) throw invalidPayload("an incident.io maintenance is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("an incident.io maintenance has no id");
  const status = maintenanceStatusWord(str(raw.status)) ?? "scheduled";
  const at = toDate(raw.last_update_at) ?? toDate(raw.started_at) ?? toDate(raw.starts_at);
  return buildMaintenance({
    externalId: id,
    title: str(raw.name)?.trim() || `Maintenance ${id}`,
    impact: "none",
    url: str(raw.url),
    components: list(raw.affected_components)
      .filter(isRecord)
      .flatMap((c) => (str(c.name) ? [str(c.name)!] : [])),
    updates: at ? [{ externalId: `${id}@${at.toISOString()}`, at, body: str(raw.last_update_message) ?? "", status }] : [],
    status,
    scheduledFor: toDate(raw.starts_at) ?? toDate(raw.started_at),
    scheduledUntil: toDate(raw.ends_at) ?? toDate(raw.scheduled_end_at),
  });
}
