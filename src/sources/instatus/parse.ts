import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";

/**
 * Instatus pages: `/summary.json` (`page.status` UP | HASISSUES | UNDERMAINTENANCE, `activeIncidents[]`,
 * `activeMaintenances[]`) and `/v2/components.json` (`components[]` with a `group`). Words are upper
 * case without separators, so they are mapped here rather than through the shared phrase tables.
 */
export interface InstatusPayloads {
  summary: unknown;
  components?: unknown;
}

const COMPONENT: Record<string, ComponentStatus> = {
  OPERATIONAL: "operational",
  UNDERMAINTENANCE: "under_maintenance",
  DEGRADEDPERFORMANCE: "degraded_performance",
  PARTIALOUTAGE: "partial_outage",
  MAJOROUTAGE: "major_outage",
};
const PAGE: Record<string, ComponentStatus> = { UP: "operational", UNDERMAINTENANCE: "under_maintenance" };
const INCIDENT: Record<string, IncidentStatus> = { INVESTIGATING: "investigating", IDENTIFIED: "identified", MONITORING: "monitoring", RESOLVED: "resolved" };
const MAINTENANCE: Record<string, MaintenanceStatus> = { NOTSTARTEDYET: "scheduled", INPROGRESS: "in_progress", COMPLETED: "completed" };
const IMPACT: Record<string, Impact> = {
  DEGRADEDPERFORMANCE: "minor",
  PARTIALOUTAGE: "major",
  MAJOROUTAGE: "critical",
  UNDERMAINTENANCE: "none",
  OPERATIONAL: "none",
};

const word = (v: unknown) => (str(v) ?? "").toUpperCase().replace(/[^A-Z]/g, "");

export function parseInstatus(payloads: InstatusPayloads, pageUrl: string): Snapshot {
  const summary = payloads.summary;
  if (!isRecord(summary) || !isRecord(summary.page)) throw invalidPayload("Instatus summary.json has no page object");
  const skipped: string[] = [];
  const pageWord = word(summary.page.status);
  const incidents = parseEach(Array.isArray(summary.activeIncidents) ? summary.activeIncidents : [], (i) => parseIncident(i, pageUrl), skipped).filter(
    (i): i is SnapshotIncident => i !== undefined,
  );
  const maintenances = parseEach(Array.isArray(summary.activeMaintenances) ? summary.activeMaintenances : [], (m) => parseMaintenance(m, pageUrl), skipped);
  return {
    // HASISSUES does not say how bad; the components and incidents do.
    status: PAGE[pageWord] ?? (pageWord === "HASISSUES" ? worstImpactStatus(incidents) : undefined),
    statusDescription: str(summary.page.status),
    components: parseComponents(payloads.components),
    incidents,
    maintenances,
    ...(skipped.length ? { skipped } : {}),
  };
}

function worstImpactStatus(incidents: SnapshotIncident[]): ComponentStatus {
  const rank: Record<Impact, ComponentStatus> = {
    none: "degraded_performance",
    minor: "degraded_performance",
    major: "partial_outage",
    critical: "major_outage",
  };
  const order: Impact[] = ["critical", "major", "minor", "none"];
  return rank[order.find((o) => incidents.some((i) => i.impact === o)) ?? "none"];
}

function parseComponents(doc: unknown): SnapshotComponent[] {
  if (doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc.components : undefined;
  if (!Array.isArray(list)) throw invalidPayload("Instatus components.json has no components array");
  return list.filter(isRecord).flatMap((c): SnapshotComponent[] => {
    const name = str(c.name);
    const status = COMPONENT[word(c.status)];
    if (!name || !status) return [];
    return [{ externalId: str(c.id) ?? name, name, group: isRecord(c.group) ? str(c.group.name) : undefined, status }];
  });
}

function parseIncident(raw: unknown, pageUrl: string): SnapshotIncident | undefined {
  if (!isRecord(raw)) throw invalidPayload("an Instatus incident is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("an Instatus incident has no id");
  const status = INCIDENT[word(raw.status)];
  if (!status) throw invalidPayload(`Instatus incident ${id} has unknown status ${JSON.stringify(raw.status)}`);
  const startedAt = requireDate(raw.started, `Instatus incident ${id}`);
  // The summary carries no update texts: the incident's state is the one update there is.
  return buildIncident({
    externalId: id,
    title: str(raw.name)?.trim() || `Incident ${id}`,
    impact: IMPACT[word(raw.impact)] ?? "none",
    url: str(raw.url) ?? pageUrl,
    components: [],
    status,
    startedAt,
    updatedAt: toDate(raw.updatedAt),
    resolvedAt: status === "resolved" ? toDate(raw.updatedAt) : undefined,
    updates: [],
  });
}

function parseMaintenance(raw: unknown, pageUrl: string): SnapshotMaintenance {
  if (!isRecord(raw)) throw invalidPayload("an Instatus maintenance is not an object");
  const id = str(raw.id);
  if (!id) throw invalidPayload("an Instatus maintenance has no id");
  const status = MAINTENANCE[word(raw.status)];
  if (!status) throw invalidPayload(`Instatus maintenance ${id} has unknown status ${JSON.stringify(raw.status)}`);
  const start = toDate(raw.start);
  const minutes = Number(raw.duration);
  return buildMaintenance({
    externalId: id,
    title: str(raw.name)?.trim() || `Maintenance ${id}`,
    impact: "none",
    url: str(raw.url) ?? pageUrl,
    components: [],
    status,
    scheduledFor: start,
    // `duration` is in minutes.
    scheduledUntil: start && Number.isFinite(minutes) && minutes > 0 ? new Date(start.getTime() + minutes * 60_000) : undefined,
    updatedAt: toDate(raw.updatedAt),
    updates: [],
  });
}
