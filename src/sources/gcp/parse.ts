import type { Snapshot, SnapshotComponent, SnapshotIncident } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, type IncidentStatus, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { buildIncident, carryStatuses } from "../parse/incident-builder";
import { isRecord, parseEach, requireDate, str, toDate } from "../parse/parse-helpers";

/** Google Cloud Service Health `incidents.json`: every incident of the last year, newest first. */

const SITE = "https://status.cloud.google.com/";

/**
 * Google's three open states name how bad it is, not how far the fix has got, so every open
 * update is "investigating" and AVAILABLE is "resolved"; the words stay on the update as its label.
 */
const UPDATE_STATUS: Record<string, IncidentStatus> = {
  SERVICE_OUTAGE: "investigating",
  SERVICE_DISRUPTION: "investigating",
  SERVICE_INFORMATION: "investigating",
  AVAILABLE: "resolved",
};

/** What an open incident does to its products (information is a notice, not an outage). */
const PRODUCT_STATUS: Record<string, ComponentStatus> = {
  SERVICE_OUTAGE: "major_outage",
  SERVICE_DISRUPTION: "partial_outage",
  SERVICE_INFORMATION: "degraded_performance",
};

const SEVERITY_IMPACT: Record<string, Impact> = { high: "critical", medium: "major", low: "minor" };

export interface GcpOptions {
  /** Keep only incidents affecting a product whose name contains one of these (case-insensitive), e.g. ["Vertex"]. */
  products?: string[];
}

function affectsProducts(raw: Record<string, unknown>, wanted: string[]): boolean {
  const names = records(raw.affected_products).flatMap((p) => (str(p.title) ? [str(p.title)!.toLowerCase()] : []));
  return names.some((n) => wanted.some((w) => n.includes(w.toLowerCase())));
}

export function parseGcpIncidents(doc: unknown, options: GcpOptions = {}): Snapshot {
  if (!Array.isArray(doc)) throw invalidPayload("Google Cloud incidents.json is not an array");
  const wanted = options.products?.length ? options.products : undefined;
  const incidents: SnapshotIncident[] = [];
  const products = new Map<string, { name: string; statuses: ComponentStatus[] }>();
  const skipped: string[] = [];
  parseEach(
    doc,
    (raw) => {
      if (!isRecord(raw)) throw invalidPayload("a Google Cloud incident is not an object");
      if (wanted && !affectsProducts(raw, wanted)) return;
      const incident = parseGcpIncident(raw);
      incidents.push(incident);
      const open = incident.status !== "resolved";
      const effect =
        PRODUCT_STATUS[str(raw.status_impact) ?? str(isRecord(raw.most_recent_update) ? raw.most_recent_update.status : undefined) ?? ""] ??
        "degraded_performance";
      for (const p of records(raw.affected_products)) {
        const name = str(p.title);
        if (!name || (wanted && !wanted.some((w) => name.toLowerCase().includes(w.toLowerCase())))) continue;
        const key = str(p.id) ?? name;
        const entry = products.get(key) ?? { name, statuses: [] };
        if (open) entry.statuses.push(effect);
        products.set(key, entry);
      }
    },
    skipped,
  );
  // Products appear only through incidents; a product with no open incident is operational.
  const components: SnapshotComponent[] = [...products].map(([id, p]) => ({ externalId: id, name: p.name, status: worstComponentStatus(p.statuses) }));
  return {
    status: worstComponentStatus(components.map((c) => c.status)),
    components,
    componentsExhaustive: true,
    incidents,
    maintenances: [],
    ...(skipped.length ? { skipped } : {}),
  };
}

function parseGcpIncident(raw: Record<string, unknown>): SnapshotIncident {
  const id = str(raw.id);
  if (!id) throw invalidPayload("a Google Cloud incident has no id");
  const began = requireDate(raw.begin, `Google Cloud incident ${id} begin`);
  const ended = toDate(raw.end);
  const products = records(raw.affected_products).flatMap((p) => (str(p.title) ? [str(p.title)!] : []));
  const updates = carryStatuses(
    records(raw.updates).map((u, i) => {
      const label = str(u.status);
      return {
        at: requireDate(u.when ?? u.created, `update ${i} of Google Cloud incident ${id}`),
        body: str(u.text) ?? "",
        label,
        status: label ? UPDATE_STATUS[label] : undefined,
      };
    }),
  );
  const uri = str(raw.uri);
  const incident = buildIncident({
    externalId: id,
    title: str(raw.external_desc)?.trim() || `Incident ${id}`,
    impact: SEVERITY_IMPACT[str(raw.severity) ?? ""] ?? "minor",
    url: uri ? new URL(uri, SITE).toString() : undefined,
    components: products,
    updates,
    // `end` is Google's own word that it is over, even when the last update is not AVAILABLE.
    status: ended ? "resolved" : updates.at(-1)?.status === "resolved" ? "resolved" : "investigating",
    startedAt: began,
    resolvedAt: ended,
    updatedAt: toDate(raw.modified),
  });
  if (!incident) throw invalidPayload(`Google Cloud incident ${id} has no start`);
  return incident;
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
