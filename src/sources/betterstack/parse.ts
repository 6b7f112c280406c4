import type { AffectedComponent, Snapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { componentStatusWord } from "../parse/status-words";

/**
 * Better Stack (formerly Better Uptime) status pages publish `/index.json`, a JSON:API document:
 * `data` is the page (`attributes.aggregate_state`), `included[]` holds `status_page_section`,
 * `status_page_resource` (`public_name`, `status`), `status_report` (`title`, `report_type`
 * manual | maintenance, `starts_at`, `ends_at`) and `status_update` (`message`, `published_at`,
 * `status_report_id`, `affected_resources[]`). States: operational, degraded, downtime, maintenance.
 */
const IMPACT_OF: Record<ComponentStatus, Impact> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

interface Resource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
}

export function parseBetterstack(doc: unknown, pageUrl: string, now: Date): Snapshot {
  if (!isRecord(doc) || !isRecord(doc.data) || !isRecord(doc.data.attributes)) throw invalidPayload("Better Stack index.json has no data.attributes");
  const page = doc.data.attributes;
  const included: Resource[] = (Array.isArray(doc.included) ? doc.included : [])
    .filter(isRecord)
    .flatMap((r) =>
      str(r.id) && str(r.type) && isRecord(r.attributes) ? [{ id: str(r.id)!, type: str(r.type)!, attributes: r.attributes as Record<string, unknown> }] : [],
    );
  const ofType = (t: string) => included.filter((r) => r.type === t);
  const sections = new Map(ofType("status_page_section").map((s) => [s.id, str(s.attributes.name)]));
  const resources = new Map<string, string>();
  const components: SnapshotComponent[] = [];
  for (const r of ofType("status_page_resource")) {
    const name = str(r.attributes.public_name) ?? str(r.attributes.name);
    const status = componentStatusWord(str(r.attributes.status));
    if (!name) continue;
    resources.set(r.id, name);
    if (!status) continue;
    const section = str(r.attributes.status_page_section_id);
    components.push({ externalId: r.id, name, group: section ? sections.get(section) || undefined : undefined, status });
  }
  const updatesByReport = new Map<string, Resource[]>();
  for (const u of ofType("status_update")) {
    const reportId = str(u.attributes.status_report_id);
    if (reportId) updatesByReport.set(reportId, [...(updatesByReport.get(reportId) ?? []), u]);
  }
  const skipped: string[] = [];
  const incidents: SnapshotIncident[] = [];
  const maintenances: SnapshotMaintenance[] = [];
  parseEach(
    ofType("status_report"),
    (report) => {
      const a = report.attributes;
      const title = str(a.title)?.trim() || `Report ${report.id}`;
      const startsAt = toDate(a.starts_at);
      const endsAt = toDate(a.ends_at);
      const updates = (updatesByReport.get(report.id) ?? []).map((u, i) => ({
        externalId: u.id,
        at: requireDate(u.attributes.published_at, `update ${i} of Better Stack report ${report.id}`),
        body: str(u.attributes.message) ?? "",
        affected: affectedOf(u.attributes.affected_resources, resources),
      }));
      const names = [...new Set([...affectedOf(a.affected_resources, resources), ...updates.flatMap((u) => u.affected)].map((c) => c.name))];
      const url = pageUrl;
      if (str(a.report_type) === "maintenance") {
        const status = endsAt && endsAt <= now ? "completed" : startsAt && startsAt <= now ? "in_progress" : "scheduled";
        maintenances.push(
          buildMaintenance({
            externalId: report.id,
            title,
            impact: "none",
            url,
            components: names,
            status,
            scheduledFor: startsAt,
            scheduledUntil: endsAt,
            updates,
          }),
        );
        return;
      }
      // Reports carry no workflow state: a report is open until the page gives it an end.
      const resolved = endsAt !== undefined && endsAt <= now;
      const worst = worstComponentStatus(
        [...affectedOf(a.affected_resources, resources), ...updates.flatMap((u) => u.affected)]
          .flatMap((c) => (c.to ? [c.to] : []))
          .concat(componentStatusWord(str(a.aggregate_state)) ?? []),
      );
      const incident = buildIncident({
        externalId: report.id,
        title,
        impact: IMPACT_OF[worst],
        url,
        components: names,
        status: resolved ? "resolved" : "investigating",
        startedAt: startsAt ?? updates[0]?.at,
        resolvedAt: resolved ? endsAt : undefined,
        updates: carryStatuses(updates.map((u) => ({ externalId: u.externalId, at: u.at, body: u.body, components: u.affected }))),
      });
      if (!incident) throw invalidPayload(`Better Stack report ${report.id} has no start time`);
      incidents.push(incident);
    },
    skipped,
  );
  return {
    status: componentStatusWord(str(page.aggregate_state)),
    statusDescription: str(page.aggregate_state),
    components,
    incidents,
    maintenances,
    ...(skipped.length ? { skipped } : {}),
  };
}

function affectedOf(raw: unknown, resources: Map<string, string>): AffectedComponent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).flatMap((r) => {
    const name = resources.get(str(r.status_page_resource_id) ?? "");
    return name ? [{ name, to: componentStatusWord(str(r.status)) }] : [];
  });
}
