import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import type { ComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { componentStatusWord, incidentStatusWord } from "../parse/status-words";
import { underBase } from "../types";

/**
 * OpenStatus pages publish `/feed/json`: `status` and `monitors[].status` (success | degraded |
 * error | info), `maintenances[]` (`from`, `to`, `message`) and `statusReports[]` with
 * `statusReportUpdates[]` (investigating | identified | monitoring | resolved, `date`, `message`).
 * Reports and maintenances name the monitors they touch by id.
 */
const OPENSTATUS_WORDS: Record<string, ComponentStatus> = {
  success: "operational",
  degraded: "degraded_performance",
  error: "major_outage",
  // "info" is how a page under maintenance shows.
  info: "under_maintenance",
};

function statusWord(raw: unknown): ComponentStatus | undefined {
  const s = str(raw)?.toLowerCase();
  return s === undefined ? undefined : (OPENSTATUS_WORDS[s] ?? componentStatusWord(s));
}

export function parseOpenstatus(doc: unknown, pageUrl: string, now: Date): Snapshot {
  if (!isRecord(doc) || !(Array.isArray(doc.monitors) || Array.isArray(doc.statusReports)))
    throw invalidPayload("OpenStatus feed/json has neither monitors nor statusReports");
  const monitorNames = new Map<string, string>();
  const components: SnapshotComponent[] = [];
  for (const m of Array.isArray(doc.monitors) ? doc.monitors.filter(isRecord) : []) {
    const name = str(m.name);
    if (!name) continue;
    monitorNames.set(String(m.id), name);
    const status = statusWord(m.status);
    if (status) components.push({ externalId: str(m.id) ?? name, name, status });
  }
  const namesOf = (ids: unknown) => (Array.isArray(ids) ? ids.flatMap((id) => (monitorNames.has(String(id)) ? [monitorNames.get(String(id))!] : [])) : []);
  const skipped: string[] = [];
  const incidents = parseEach(
    Array.isArray(doc.statusReports) ? doc.statusReports : [],
    (raw): SnapshotIncident => {
      if (!isRecord(raw)) throw invalidPayload("an OpenStatus status report is not an object");
      const id = str(raw.id);
      if (!id) throw invalidPayload("an OpenStatus status report has no id");
      const updates = carryStatuses(
        (Array.isArray(raw.statusReportUpdates) ? raw.statusReportUpdates.filter(isRecord) : []).map((u, i) => ({
          externalId: str(u.id),
          at: requireDate(u.date, `update ${i} of OpenStatus report ${id}`),
          body: str(u.message) ?? "",
          status: incidentStatusWord(str(u.status)),
          label: str(u.status),
        })),
      );
      const incident = buildIncident({
        externalId: id,
        title: str(raw.title)?.trim() || `Report ${id}`,
        impact: "minor",
        url: underBase(pageUrl, `events/report/${encodeURIComponent(id)}`),
        components: namesOf(raw.monitors),
        status: incidentStatusWord(str(raw.status)),
        updatedAt: toDate(raw.updatedAt),
        updates,
      });
      if (!incident) throw invalidPayload(`OpenStatus report ${id} has no dated update`);
      return incident;
    },
    skipped,
  );
  const maintenances = parseEach(
    Array.isArray(doc.maintenances) ? doc.maintenances : [],
    (raw): SnapshotMaintenance => {
      if (!isRecord(raw)) throw invalidPayload("an OpenStatus maintenance is not an object");
      const id = str(raw.id);
      if (!id) throw invalidPayload("an OpenStatus maintenance has no id");
      const from = requireDate(raw.from, `OpenStatus maintenance ${id}`);
      const to = toDate(raw.to);
      // A maintenance has no state of its own: its window says where it stands.
      const status = to && to <= now ? "completed" : from <= now ? "in_progress" : "scheduled";
      return buildMaintenance({
        externalId: id,
        title: str(raw.name)?.trim() || `Maintenance ${id}`,
        impact: "none",
        url: underBase(pageUrl, `events/maintenance/${encodeURIComponent(id)}`),
        components: namesOf(raw.monitors),
        status,
        scheduledFor: from,
        scheduledUntil: to,
        updatedAt: toDate(raw.updatedAt),
        updates: str(raw.message) ? [{ at: toDate(raw.updatedAt) ?? from, body: str(raw.message)!, status: "scheduled" }] : [],
      });
    },
    skipped,
  );
  return { status: statusWord(doc.status), statusDescription: str(doc.status), components, incidents, maintenances, ...(skipped.length ? { skipped } : {}) };
}
