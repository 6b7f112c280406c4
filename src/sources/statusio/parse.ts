import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, type IncidentStatus, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { componentStatusWord } from "../parse/status-words";

/**
 * status.io's public API (`GET https://api.status.io/1.0/status/<page id>`): `result.status_overall`,
 * `result.status[]` (components with their `containers[]`), `result.incidents[]` (open incidents with
 * `messages[]`) and `result.maintenance.{active,upcoming}[]`. Status codes are documented numbers.
 */
const STATUS_CODES: Record<number, ComponentStatus> = {
  100: "operational",
  200: "under_maintenance",
  300: "degraded_performance",
  400: "partial_outage",
  500: "major_outage",
  // "Security Event": the page says something is wrong without saying how much.
  600: "partial_outage",
};

/** Message `state`: 100 Investigating, 200 Identified, 300 Monitoring; a resolved incident leaves the list. */
const INCIDENT_STATES: Record<number, IncidentStatus> = { 100: "investigating", 200: "identified", 300: "monitoring" };

const IMPACT_OF: Record<ComponentStatus, Impact> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

function statusOf(raw: Record<string, unknown>): ComponentStatus | undefined {
  return STATUS_CODES[Number(raw.status_code)] ?? componentStatusWord(str(raw.status));
}

export function parseStatusio(doc: unknown, entryUrl: string): Snapshot {
  // An entry stored as the API URL has no page to link to: a link to JSON helps nobody.
  const pageUrl = /\/1\.0\/status\//.test(entryUrl) ? undefined : entryUrl;
  if (!isRecord(doc) || !isRecord(doc.result)) throw invalidPayload("status.io answer has no result object");
  const result = doc.result;
  if (!Array.isArray(result.status) && !isRecord(result.status_overall)) throw invalidPayload("status.io result has neither status_overall nor status[]");
  const skipped: string[] = [];
  const overall = isRecord(result.status_overall) ? result.status_overall : {};
  const components: SnapshotComponent[] = [];
  for (const c of Array.isArray(result.status) ? result.status.filter(isRecord) : []) {
    const name = str(c.name);
    if (!name) continue;
    const containers = Array.isArray(c.containers) ? c.containers.filter(isRecord) : [];
    const own = statusOf(c);
    // A component's own code is the worst of its containers; read the containers when the code is missing.
    const status = own ?? worstComponentStatus(containers.flatMap((k) => (statusOf(k) ? [statusOf(k)!] : [])));
    components.push({ externalId: str(c.id) ?? name, name, status, updatedAt: toDate(c.updated) });
  }
  const incidents = parseEach(Array.isArray(result.incidents) ? result.incidents : [], (raw) => parseIncident(raw, pageUrl), skipped).filter(
    (i): i is SnapshotIncident => i !== undefined,
  );
  const maintenance = isRecord(result.maintenance) ? result.maintenance : {};
  const maintenances = [
    ...parseEach(Array.isArray(maintenance.active) ? maintenance.active : [], (m) => parseMaintenance(m, pageUrl, "in_progress"), skipped),
    ...parseEach(Array.isArray(maintenance.upcoming) ? maintenance.upcoming : [], (m) => parseMaintenance(m, pageUrl, "scheduled"), skipped),
  ];
  return {
    status: statusOf(overall),
    statusDescription: str(overall.status),
    components,
    incidents,
    maintenances,
    ...(skipped.length ? { skipped } : {}),
  };
}

function idOf(raw: Record<string, unknown>, what: string): string {
  const id = str(raw._id) ?? str(raw.id);
  if (!id) throw invalidPayload(`a status.io ${what} has no _id`);
  return id;
}

function affectedNames(raw: Record<string, unknown>): string[] {
  const list = Array.isArray(raw.components_affected) ? raw.components_affected.filter(isRecord) : [];
  return [...new Set(list.flatMap((c) => (str(c.name) ? [str(c.name)!] : [])))];
}

function parseIncident(raw: unknown, pageUrl: string | undefined): SnapshotIncident | undefined {
  if (!isRecord(raw)) throw invalidPayload("a status.io incident is not an object");
  const id = idOf(raw, "incident");
  const messages = Array.isArray(raw.messages) ? raw.messages.filter(isRecord) : [];
  const updates = carryStatuses(
    messages.map((m, i) => ({
      externalId: str(m._id),
      at: requireDate(m.datetime, `message ${i} of status.io incident ${id}`),
      body: str(m.details) ?? "",
      status: INCIDENT_STATES[Number(m.state)],
      label: INCIDENT_STATES[Number(m.state)] ? undefined : "Update",
    })),
  );
  const worst = worstComponentStatus(messages.flatMap((m) => (STATUS_CODES[Number(m.status)] ? [STATUS_CODES[Number(m.status)]!] : [])));
  return buildIncident({
    externalId: id,
    title: str(raw.name)?.trim() || `Incident ${id}`,
    impact: IMPACT_OF[worst],
    url: pageUrl,
    components: affectedNames(raw),
    updates,
    startedAt: toDate(raw.datetime_open) ?? updates[0]?.at,
  });
}

function parseMaintenance(raw: unknown, pageUrl: string | undefined, status: "in_progress" | "scheduled"): SnapshotMaintenance {
  if (!isRecord(raw)) throw invalidPayload("a status.io maintenance is not an object");
  const id = idOf(raw, "maintenance");
  const messages = Array.isArray(raw.messages) ? raw.messages.filter(isRecord) : [];
  return buildMaintenance({
    externalId: id,
    title: str(raw.name)?.trim() || `Maintenance ${id}`,
    impact: "none",
    url: pageUrl,
    components: affectedNames(raw),
    status,
    scheduledFor: toDate(raw.datetime_planned_start),
    scheduledUntil: toDate(raw.datetime_planned_end),
    updates: messages.map((m, i) => ({
      externalId: str(m._id),
      at: requireDate(m.datetime, `message ${i} of status.io maintenance ${id}`),
      body: str(m.details) ?? "",
    })),
  });
}
