import { isWidgetSummary } from "../incidentio/widget";
import { isRecord, str } from "../parse/parse-helpers";

/**
 * Pure recognisers: given a document fetched from a well-known path, say why it is (or is not) the
 * product's format. Each answers a sentence of evidence, or undefined when the shape does not fit.
 */
export type Recogniser = (doc: unknown) => string | undefined;

export const looksLikeIncidentioWidget: Recogniser = (doc) =>
  isWidgetSummary(doc) ? "answers incident.io's widget summary (ongoing_incidents without components)" : undefined;

export const looksLikeStatuspageSummary: Recogniser = (doc) =>
  isRecord(doc) && isRecord(doc.page) && Array.isArray(doc.components) && isRecord(doc.status)
    ? `answers a Statuspage summary (page ${JSON.stringify(str(doc.page.name) ?? str(doc.page.id) ?? "?")}, ${doc.components.length} components)`
    : undefined;

const INSTATUS_PAGE = new Set(["UP", "HASISSUES", "UNDERMAINTENANCE"]);
export const looksLikeInstatus: Recogniser = (doc) =>
  isRecord(doc) &&
  isRecord(doc.page) &&
  INSTATUS_PAGE.has(String(doc.page.status)) &&
  (Array.isArray(doc.activeIncidents) || Array.isArray(doc.activeMaintenances))
    ? `answers an Instatus summary (page.status ${String(doc.page.status)}, activeIncidents)`
    : undefined;

export const looksLikeBetterstack: Recogniser = (doc) =>
  isRecord(doc) && isRecord(doc.data) && doc.data.type === "status_page" && isRecord(doc.data.attributes)
    ? `answers a Better Stack JSON:API status_page (aggregate_state ${String(doc.data.attributes.aggregate_state)})`
    : undefined;

export const looksLikeCachet: Recogniser = (doc) =>
  isRecord(doc) &&
  Array.isArray(doc.data) &&
  isRecord(doc.meta) &&
  isRecord(doc.meta.pagination) &&
  doc.data.every((c) => isRecord(c) && "status" in c && "name" in c)
    ? `answers Cachet API v1 components (${doc.data.length} components, paginated)`
    : undefined;

export const looksLikeOpenstatus: Recogniser = (doc) =>
  isRecord(doc) && Array.isArray(doc.monitors) && Array.isArray(doc.statusReports) && Array.isArray(doc.maintenances)
    ? `answers an OpenStatus feed (${doc.monitors.length} monitors, ${doc.statusReports.length} status reports)`
    : undefined;

export const looksLikeUptimeKuma: Recogniser = (doc) =>
  isRecord(doc) && isRecord(doc.config) && Array.isArray(doc.publicGroupList)
    ? `answers an Uptime Kuma status page (slug ${JSON.stringify(str(doc.config.slug) ?? "?")}, ${doc.publicGroupList.length} groups)`
    : undefined;

export const looksLikeStatusio: Recogniser = (doc) =>
  isRecord(doc) && isRecord(doc.result) && isRecord(doc.result.status_overall) && Array.isArray(doc.result.status)
    ? `answers status.io's public status API (${doc.result.status.length} components)`
    : undefined;

/** status.io pages link their feeds and history as `/pages/<24-hex page id>/…`, or call the API by id. */
export function statusioPageId(html: string): string | undefined {
  return (
    /api\.status\.io\/1\.0\/status\/([0-9a-f]{24})\b/i.exec(html)?.[1] ??
    /\/pages\/(?:history\/|incident\/|maintenance\/)?([0-9a-f]{24})(?:\/(?:rss|atom|feed))?\b/i.exec(html)?.[1]
  );
}

/** The page mentions incident.io as its host (its widget script, "Powered by incident.io"). */
export function mentionsIncidentio(html: string): boolean {
  return /\bincident\.io\b/i.test(html);
}

/**
 * RSS/Atom autodiscovery: `<link rel="alternate" type="application/rss+xml|atom+xml" href>` in the
 * page, resolved against the page URL. Attribute order and quoting vary, so each tag is read apart.
 */
export function feedLinks(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  for (const tag of html.slice(0, 500_000).match(/<link\b[^>]{0,2000}>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
    const value = (name: string) => {
      const m = attr(name);
      return m ? (m[1] ?? m[2] ?? m[3] ?? "") : undefined;
    };
    const rel = value("rel")?.toLowerCase().split(/\s+/) ?? [];
    const type = value("type")?.toLowerCase() ?? "";
    const href = value("href");
    if (!rel.includes("alternate") || !/application\/(?:rss|atom)\+xml/.test(type) || !href) continue;
    try {
      const url = new URL(href.replace(/&amp;/g, "&"), pageUrl);
      if ((url.protocol === "http:" || url.protocol === "https:") && !out.includes(url.href)) out.push(url.href);
    } catch {
      // An unusable href is not a feed.
    }
  }
  return out;
}
