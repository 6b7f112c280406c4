import { type AffectedComponent, emptySnapshot, type Snapshot, type SnapshotIncident, type SnapshotMaintenance } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { snapshotFromFeed } from "../feed/parse";
import type { FeedDocument } from "../feed/document";
import { buildIncident, buildMaintenance, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";
import { isWidgetSummary, parseWidgetSummary } from "./widget";
import { mergeById, parseStatuspage } from "../statuspage/parse";
import { componentStatusWord, incidentStatusWord, maintenanceStatusWord } from "../parse/status-words";
import { underBase } from "../types";

/**
 * Status pages hosted by incident.io: a Statuspage-compatible `/api/v2/summary.json` (open incidents
 * only), `/api/v2/incidents.json` where the page has it, and `/history.atom` for closed incidents.
 * Also reads incident.io's own widget JSON (`updates[].to_status`, `message_string`, …).
 */
export interface IncidentioPayloads {
  summary?: unknown;
  incidents?: unknown;
  feed?: FeedDocument;
  /** incident.io's own `{ incidents: [{ updates: [{ to_status, message_string }] }] }` shape. */
  proxy?: unknown;
}

export interface IncidentioOptions {
  /** incident.io widget JSON URL (e.g. `https://status.example.com/proxy/status.example.com/incidents`), fetched when set. */
  proxyUrl?: string;
}

export function parseIncidentio(payloads: IncidentioPayloads, pageUrl: string): Snapshot {
  let { summary, proxy } = payloads;
  if (proxy === undefined && isProxyShape(summary)) [summary, proxy] = [undefined, summary];
  if (summary === undefined && proxy === undefined && payloads.feed === undefined) throw invalidPayload("incident.io page sent no summary, proxy JSON or feed");
  const base: Snapshot = isWidgetSummary(summary)
    ? parseWidgetSummary(summary)
    : summary !== undefined
      ? parseStatuspage({ summary, incidents: payloads.incidents }, pageUrl)
      : emptySnapshot();
  const skipped: string[] = [...(base.skipped ?? [])];
  const fromProxy = proxy !== undefined ? parseProxy(proxy, pageUrl, skipped) : { incidents: [], maintenances: [] };
  const fromFeed = payloads.feed ? snapshotFromFeed(payloads.feed) : { incidents: [], maintenances: [], skipped: [] };
  skipped.push(...(fromFeed.skipped ?? []));

  const incidents = mergeById([...base.incidents, ...fromProxy.incidents]);
  const byId = new Map(incidents.map((i) => [i.externalId, i]));
  for (const item of fromFeed.incidents) {
    const id = ulidOf(item.externalId);
    const known = byId.get(id);
    // The JSON copy has the page's own update ids; the feed adds only the affected-component names it lacks.
    if (known) {
      for (const c of item.components) if (!known.components.includes(c)) known.components.push(c);
    } else {
      const fromAtom = { ...item, externalId: id, url: item.url };
      byId.set(id, fromAtom);
      incidents.push(fromAtom);
    }
  }
  const maintenances = mergeById([...base.maintenances, ...fromProxy.maintenances]);
  const maintenanceIds = new Set(maintenances.map((m) => m.externalId));
  for (const m of fromFeed.maintenances) if (!maintenanceIds.has(ulidOf(m.externalId))) maintenances.push({ ...m, externalId: ulidOf(m.externalId) });
  return { ...base, incidents, maintenances, ...(skipped.length ? { skipped } : {}) };
}

/** Feed ids are `https://status.openai.com//incidents/<ULID>`; the JSON uses the bare ULID. */
export function ulidOf(feedId: string): string {
  return /\/incidents\/([^/?#]+)\/?(?:[?#].*)?$/.exec(feedId)?.[1] ?? feedId;
}

function isProxyShape(doc: unknown): boolean {
  return isRecord(doc) && Array.isArray(doc.incidents) && doc.incidents.some((i) => isRecord(i) && Array.isArray(i.updates));
}

/** incident.io names its worst state "full_outage"; impact follows the worst component state. */
const IMPACT_OF_STATUS: Record<ComponentStatus, Impact> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

function parseProxy(doc: unknown, pageUrl: string, skipped: string[]): { incidents: SnapshotIncident[]; maintenances: SnapshotMaintenance[] } {
  if (!isRecord(doc) || !Array.isArray(doc.incidents)) throw invalidPayload("incident.io JSON has no incidents array");
  const incidents: SnapshotIncident[] = [];
  const maintenances: SnapshotMaintenance[] = [];
  parseEach(
    doc.incidents as unknown[],
    (raw) => {
      if (!isRecord(raw)) throw invalidPayload("an incident.io incident is not an object");
      const id = str(raw.id);
      if (!id) throw invalidPayload("an incident.io incident has no id");
      const title = str(raw.name)?.trim() || `Incident ${id}`;
      const url = underBase(pageUrl, `incidents/${encodeURIComponent(id)}`);
      const impacts = records(raw.component_impacts);
      const summaries = records(raw.status_summaries);
      const worst = worstComponentStatus(
        [...impacts, ...summaries].flatMap((x) => {
          const s = componentStatusWord(str(x.status) ?? str(x.worst_component_status));
          return s ? [s] : [];
        }),
      );
      const componentIds = [
        ...new Set(
          [...records(raw.affected_components), ...impacts].flatMap((c) => ((str(c.name) ?? str(c.component_id)) ? [str(c.name) ?? str(c.component_id)!] : [])),
        ),
      ];
      const updates = records(raw.updates).map((u, i) => ({
        externalId: str(u.id),
        at: requireDate(u.published_at, `update ${i} of incident.io incident ${id}`),
        body: str(u.message_string) ?? "",
        label: str(u.to_status),
        components: records(u.component_statuses).flatMap((c): AffectedComponent[] =>
          str(c.component_id) ? [{ name: str(c.component_id)!, to: componentStatusWord(str(c.status)) }] : [],
        ),
      }));
      const ends = [...summaries, ...impacts].flatMap((x) => (toDate(x.end_at) ? [toDate(x.end_at)!] : []));
      const starts = [...summaries, ...impacts].flatMap((x) => (toDate(x.start_at) ? [toDate(x.start_at)!] : []));
      const earliest = (ds: Date[]) => (ds.length ? new Date(Math.min(...ds.map((d) => d.getTime()))) : undefined);
      const latest = (ds: Date[]) => (ds.length ? new Date(Math.max(...ds.map((d) => d.getTime()))) : undefined);
      const rawStatus = str(raw.status);
      if (str(raw.type) === "maintenance" || maintenanceStatusWord(rawStatus)) {
        maintenances.push(
          buildMaintenance({
            externalId: id,
            title,
            impact: "none",
            url,
            components: componentIds,
            updates: updates.map((u) => ({ externalId: u.externalId, at: u.at, body: u.body, status: maintenanceStatusWord(u.label) })),
            status: maintenanceStatusWord(rawStatus),
            scheduledFor: earliest(starts),
            scheduledUntil: latest(ends),
          }),
        );
        return;
      }
      const status = incidentStatusWord(rawStatus);
      if (!status) throw invalidPayload(`incident.io incident ${id} has unknown status ${JSON.stringify(raw.status)}`);
      const incident = buildIncident({
        externalId: id,
        title,
        impact: IMPACT_OF_STATUS[worst],
        url,
        components: componentIds,
        updates: carryStatuses(updates.map((u) => ({ ...u, status: incidentStatusWord(u.label) }))),
        status,
        startedAt: toDate(raw.published_at) ?? earliest(starts),
        // Only the widget's status summaries say when a trimmed incident ended.
        resolvedAt: updates.some((u) => incidentStatusWord(u.label) === "resolved")
          ? undefined
          : latest(summaries.flatMap((s) => (toDate(s.end_at) ? [toDate(s.end_at)!] : []))),
      });
      if (incident) incidents.push(incident);
    },
    skipped,
  );
  return { incidents, maintenances };
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
