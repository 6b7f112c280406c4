import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, type MaintenanceStatus, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance } from "../parse/incident-builder";
import { isRecord, parseEach, str, toDate } from "../parse/parse-helpers";

/**
 * Uptime Kuma status pages: `/api/status-page/<slug>` (`config`, the one pinned `incident`,
 * `publicGroupList[].monitorList[]`, `maintenanceList[]`) and `/api/status-page/heartbeat/<slug>`
 * (`heartbeatList: { <monitor id>: [beats, oldest first] }`, a beat `0` being an empty slot).
 * Beat status: 0 DOWN, 1 UP, 2 PENDING, 3 MAINTENANCE. Beat times are UTC without a zone.
 */
export interface UptimeKumaPayloads {
  page: unknown;
  heartbeats?: unknown;
}

const BEAT: Record<number, ComponentStatus> = { 0: "major_outage", 1: "operational", 2: "degraded_performance", 3: "under_maintenance" };
/** The pinned incident's colour is all the page says about its severity. */
const STYLE_IMPACT: Record<string, Impact> = { danger: "critical", warning: "minor", info: "none", primary: "none", light: "none", dark: "none" };
const MAINTENANCE: Record<string, MaintenanceStatus> = { scheduled: "scheduled", "under-maintenance": "in_progress", ended: "completed" };

/** "2024-03-01 10:00:00.000" is UTC in Kuma's database; ISO strings carry their own zone. */
export function kumaTime(raw: unknown): Date | undefined {
  const s = str(raw)?.trim();
  if (!s) return undefined;
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(s) ? toDate(`${s.replace(" ", "T")}Z`) : toDate(s);
}

export function parseUptimeKuma(payloads: UptimeKumaPayloads, pageUrl: string): Snapshot {
  const page = payloads.page;
  if (!isRecord(page) || !Array.isArray(page.publicGroupList)) throw invalidPayload("Uptime Kuma status page has no publicGroupList");
  const beats = isRecord(payloads.heartbeats) && isRecord(payloads.heartbeats.heartbeatList) ? payloads.heartbeats.heartbeatList : {};
  const components: SnapshotComponent[] = [];
  for (const group of page.publicGroupList.filter(isRecord)) {
    for (const m of Array.isArray(group.monitorList) ? group.monitorList.filter(isRecord) : []) {
      const name = str(m.name);
      const id = str(m.id);
      if (!name || !id) continue;
      const list = Array.isArray(beats[id]) ? (beats[id] as unknown[]).filter(isRecord) : [];
      const latest = list.at(-1);
      // A monitor without beats yet has no status to report.
      const status = latest ? BEAT[Number(latest.status)] : undefined;
      if (!status) continue;
      components.push({
        externalId: id,
        name,
        group: str(group.name) || undefined,
        status,
        description: str(latest!.msg) || undefined,
        updatedAt: kumaTime(latest!.time),
      });
    }
  }
  const skipped: string[] = [];
  const incidents: SnapshotIncident[] = [];
  if (isRecord(page.incident)) {
    const i = page.incident;
    const id = str(i.id);
    const at = kumaTime(i.createdDate);
    if (!id || !at) skipped.push("the pinned Uptime Kuma incident has no id or createdDate");
    else {
      const updatedAt = kumaTime(i.lastUpdatedDate);
      const built = buildIncident({
        externalId: id,
        title: str(i.title)?.trim() || `Incident ${id}`,
        impact: STYLE_IMPACT[str(i.style) ?? ""] ?? "minor",
        url: pageUrl,
        components: [],
        // A pinned incident has no workflow: it is open while pinned, and its text may be edited.
        status: "investigating",
        startedAt: at,
        updatedAt,
        updates: [
          { externalId: `${id}-${(updatedAt ?? at).getTime()}`, status: "investigating", body: str(i.content) ?? "", at: updatedAt ?? at, components: [] },
        ],
      });
      if (built) incidents.push(built);
    }
  }
  const maintenances = parseEach(
    Array.isArray(page.maintenanceList) ? page.maintenanceList : [],
    (raw): SnapshotMaintenance => {
      if (!isRecord(raw)) throw invalidPayload("an Uptime Kuma maintenance is not an object");
      const id = str(raw.id);
      if (!id) throw invalidPayload("an Uptime Kuma maintenance has no id");
      const status = MAINTENANCE[str(raw.status) ?? ""];
      if (!status) throw invalidPayload(`Uptime Kuma maintenance ${id} has status ${JSON.stringify(raw.status)}`);
      const slot = Array.isArray(raw.timeslotList) ? raw.timeslotList.filter(isRecord)[0] : undefined;
      return buildMaintenance({
        externalId: id,
        title: str(raw.title)?.trim() || `Maintenance ${id}`,
        impact: "none",
        url: pageUrl,
        components: [],
        status,
        scheduledFor: kumaTime(slot?.startDate),
        scheduledUntil: kumaTime(slot?.endDate),
        updates: [],
      });
    },
    skipped,
  );
  return {
    status: components.length ? worstComponentStatus(components.map((c) => c.status)) : undefined,
    components,
    incidents,
    maintenances,
    ...(skipped.length ? { skipped } : {}),
  };
}
