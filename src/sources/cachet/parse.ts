import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import type { ComponentStatus, IncidentStatus, MaintenanceStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, str, toDate } from "../parse/parse-helpers";
import { underBase } from "../types";
import { wallTimeToUtc } from "../parse/zone-time";

/**
 * Cachet API v1: `/api/v1/components` (`status` 1 Operational, 2 Performance Issues, 3 Partial
 * Outage, 4 Major Outage), `/api/v1/components/groups`, `/api/v1/incidents` (`status` 0 Scheduled,
 * 1 Investigating, 2 Identified, 3 Watching, 4 Fixed; `updates[]` where the server includes them)
 * and `/api/v1/schedules` (2.4+: 0 Upcoming, 1 In progress, 2 Complete). Every list is `{ data: [] }`.
 * Times are "YYYY-MM-DD HH:MM:SS" in the server's own zone, which the API does not state.
 */
export interface CachetPayloads {
  components: unknown;
  groups?: unknown;
  incidents?: unknown;
  schedules?: unknown;
}

const COMPONENT: Record<number, ComponentStatus> = { 1: "operational", 2: "degraded_performance", 3: "partial_outage", 4: "major_outage" };
const INCIDENT: Record<number, IncidentStatus> = { 1: "investigating", 2: "identified", 3: "monitoring", 4: "resolved" };
const SCHEDULE: Record<number, MaintenanceStatus> = { 0: "scheduled", 1: "in_progress", 2: "completed" };
/** Cachet 2.4's `permalink`, when it is a web link. */
function httpUrl(raw: unknown): string | undefined {
  const s = str(raw);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
}

/** A Cachet time in `zone` (IANA name or offset); ISO strings with their own offset are read as written. */
export function cachetTime(raw: unknown, zone: string): Date | undefined {
  const s = str(raw);
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return toDate(s);
  return wallTimeToUtc({ year: +m[1]!, month: +m[2]! - 1, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 }, zone);
}

function dataOf(doc: unknown, what: string): Record<string, unknown>[] {
  if (doc === undefined) return [];
  if (!isRecord(doc) || !Array.isArray(doc.data)) throw invalidPayload(`Cachet ${what} has no data array`);
  return doc.data.filter(isRecord);
}

export function parseCachet(payloads: CachetPayloads, pageUrl: string, zone = "UTC"): Snapshot {
  const componentRows = dataOf(payloads.components, "components");
  if (!isRecord(payloads.components)) throw invalidPayload("Cachet components is not an object");
  const groups = new Map(dataOf(payloads.groups, "component groups").map((g) => [str(g.id), str(g.name)]));
  const names = new Map<string, string>();
  const components: SnapshotComponent[] = [];
  for (const c of componentRows) {
    const name = str(c.name);
    const status = COMPONENT[Number(c.status)];
    if (!name) continue;
    names.set(String(c.id), name);
    if (!status) continue;
    const group = groups.get(str(c.group_id));
    components.push({ externalId: str(c.id) ?? name, name, group: group || undefined, status, updatedAt: cachetTime(c.updated_at, zone) });
  }
  const skipped: string[] = [];
  const incidents: SnapshotIncident[] = [];
  // Cachet before 2.4 kept maintenance as incidents with status 0.
  const maintenances: SnapshotMaintenance[] = [];
  parseEach(
    dataOf(payloads.incidents, "incidents"),
    (raw) => {
      const id = str(raw.id);
      if (!id) throw invalidPayload("a Cachet incident has no id");
      if (raw.visible === 0 || raw.visible === false) return;
      const title = str(raw.name)?.trim() || `Incident ${id}`;
      const url = httpUrl(raw.permalink) ?? underBase(pageUrl, `incidents/${encodeURIComponent(id)}`);
      const component = names.get(String(raw.component_id));
      const code = Number(raw.status);
      if (code === 0) {
        maintenances.push(
          buildMaintenance({
            externalId: `incident-${id}`,
            title,
            impact: "none",
            url,
            components: component ? [component] : [],
            status: "scheduled",
            scheduledFor: cachetTime(raw.scheduled_at, zone),
            updates: [],
          }),
        );
        return;
      }
      const status = INCIDENT[code];
      if (!status) throw invalidPayload(`Cachet incident ${id} has unknown status ${JSON.stringify(raw.status)}`);
      const startedAt = cachetTime(raw.occurred_at, zone) ?? cachetTime(raw.created_at, zone);
      if (!startedAt) throw invalidPayload(`Cachet incident ${id} has no valid time`);
      const first = { externalId: `${id}-0`, at: startedAt, body: str(raw.message) ?? "", status: incidentFirstStatus(raw.updates, status) };
      const later = (Array.isArray(raw.updates) ? raw.updates.filter(isRecord) : []).flatMap((u) => {
        const at = cachetTime(u.created_at, zone);
        return at ? [{ externalId: str(u.id), at, body: str(u.message) ?? "", status: INCIDENT[Number(u.status)] }] : [];
      });
      const incident = buildIncident({
        externalId: id,
        title,
        // Cachet incidents state no impact; the component's own status carries the severity.
        impact: "none",
        url,
        components: component ? [component] : [],
        status,
        startedAt,
        updatedAt: cachetTime(raw.updated_at, zone),
        resolvedAt: status === "resolved" ? (later.at(-1)?.at ?? cachetTime(raw.updated_at, zone)) : undefined,
        updates: carryStatuses([first, ...later]),
      });
      if (incident) incidents.push(incident);
    },
    skipped,
  );
  parseEach(
    dataOf(payloads.schedules, "schedules"),
    (raw) => {
      const id = str(raw.id);
      if (!id) throw invalidPayload("a Cachet schedule has no id");
      const status = SCHEDULE[Number(raw.status)];
      if (!status) throw invalidPayload(`Cachet schedule ${id} has unknown status ${JSON.stringify(raw.status)}`);
      const comps = Array.isArray(raw.components) ? raw.components.filter(isRecord).flatMap((c) => (str(c.name) ? [str(c.name)!] : [])) : [];
      maintenances.push(
        buildMaintenance({
          externalId: id,
          title: str(raw.name)?.trim() || `Maintenance ${id}`,
          impact: "none",
          url: underBase(pageUrl, `schedules/${encodeURIComponent(id)}`),
          components: comps,
          status,
          scheduledFor: cachetTime(raw.scheduled_at, zone),
          scheduledUntil: cachetTime(raw.completed_at, zone),
          updatedAt: cachetTime(raw.updated_at, zone),
          updates: [],
        }),
      );
    },
    skipped,
  );
  return { components, incidents, maintenances, ...(skipped.length ? { skipped } : {}) };
}

/** The incident's opening message is "investigating" unless the only state ever posted is later. */
function incidentFirstStatus(updates: unknown, current: IncidentStatus): IncidentStatus {
  const hasUpdates = Array.isArray(updates) && updates.length > 0;
  return hasUpdates ? "investigating" : current;
}
