import type { AffectedComponent, Snapshot, SnapshotIncident, SnapshotMaintenance } from "../../domain/snapshot";
import type { IncidentStatus, MaintenanceStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { type FeedDocument, type FeedItem, readFeed } from "./document";
import { chronological, readAffectedComponentList, readLabelledUpdates } from "./updates";
import { htmlToText } from "../../text/html-text";
import { buildIncident, buildMaintenance, carryStatuses, type RawUpdate } from "../parse/incident-builder";
import { parseEach, shortHash } from "../parse/parse-helpers";
import { componentStatusWord, incidentStatusWord, maintenanceStatusWord, statusLineFromText } from "../parse/status-words";
import { wallTimeToUtc, writtenZone } from "../parse/zone-time";

/** Any RSS/Atom status feed: Statuspage history.rss/.atom, incident.io history feeds, Google Cloud feed.atom. */
export interface FeedOptions {
  /** Regular expression (case-insensitive) on item titles that marks maintenances besides Statuspage's maintenance labels. */
  maintenancePattern?: string;
}

export async function parseFeed(text: string, options: FeedOptions = {}): Promise<Snapshot> {
  return snapshotFromFeed(await readFeed(text), options);
}

export function snapshotFromFeed(doc: FeedDocument, options: FeedOptions = {}): Snapshot {
  const maintenancePattern = options.maintenancePattern ? new RegExp(options.maintenancePattern, "i") : undefined;
  const incidents: SnapshotIncident[] = [];
  const maintenances: SnapshotMaintenance[] = [];
  const skipped: string[] = [];
  parseEach(
    groupByIncident(doc),
    (group) => {
      // Feeds list newest first; reading the group oldest first keeps same-time entries in the page's order.
      const listed = group.map((item) => readItem(item, doc));
      const parsed = listed.length > 1 && listed[0]!.reference < listed.at(-1)!.reference ? listed : listed.reverse();
      const latest = parsed.reduce((a, b) => (b.reference >= a.reference ? b : a));
      const updates = parsed.flatMap((p) => p.updates);
      const isMaintenance = parsed.some((p) => p.isMaintenance) || (maintenancePattern?.test(latest.title) ?? false);
      // The newest entry's span is the one that knows the end.
      const span = parsed.map((p) => p.span).findLast((x) => x !== undefined);
      const common = {
        externalId: incidentKey(group[0]!),
        title: latest.title || "Untitled",
        impact: "none" as const,
        url: latest.item.link ? collapseSlashes(latest.item.link) : undefined,
        components: [...new Set(updates.flatMap((u) => (u.components ?? []).map((c) => c.name)))],
        updatedAt: latest.item.updated,
      };
      if (isMaintenance) {
        maintenances.push(
          buildMaintenance({
            ...common,
            updates: updates.map((u) => ({ at: u.at, body: u.body, status: u.maintenance })),
          }),
        );
      } else {
        const incident = buildIncident({ ...common, updates: carryStatuses(updates), startedAt: span?.began, resolvedAt: span?.ended });
        if (incident) incidents.push(incident);
      }
    },
    skipped,
  );
  return { components: [], incidents, maintenances, ...(skipped.length ? { skipped } : {}) };
}

/** Google Cloud posts one entry per update (`…:feed:<incident>.<update>`); other feeds use one item per incident. */
function groupByIncident(doc: FeedDocument): FeedItem[][] {
  const groups = new Map<string, FeedItem[]>();
  for (const item of doc.items) {
    const key = incidentKey(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

export function incidentKey(item: FeedItem): string {
  const id = item.id?.trim() || item.link?.trim();
  if (!id) return shortHash(item.title, item.publishedRaw);
  const perUpdate = /^(tag:[^:]+:feed:[^.]+)\.[^.]+$/.exec(id);
  return collapseSlashes(perUpdate ? perUpdate[1]! : id);
}

/** incident.io writes `https://status.openai.com//incidents/…`; the double slash is not part of the identity. */
export function collapseSlashes(url: string): string {
  return url.replace(/([^:/])\/{2,}/g, "$1/");
}

const TITLE_STATUS = /^\s*\[?(resolved|investigating|identified|monitoring|mitigated|update|updated|postmortem)\]?\s*(?::|-|–|\]|\s(?=\[))\s*/i;

interface ReadItem {
  item: FeedItem;
  title: string;
  reference: Date;
  isMaintenance: boolean;
  updates: (RawUpdate & { maintenance?: MaintenanceStatus })[];
  span?: { began: Date; ended?: Date };
}

function readItem(item: FeedItem, doc: FeedDocument): ReadItem {
  const reference = item.published ?? item.updated ?? doc.updated;
  const name = item.title || item.id || "item";
  if (!reference) throw invalidPayload(`feed item ${JSON.stringify(name.slice(0, 80))} has no date`);
  const titleMatch = TITLE_STATUS.exec(item.title);
  const title = titleMatch ? item.title.slice(titleMatch[0].length).trim() : item.title;
  // The item's own date is written in the page's zone; update times that name no zone share it.
  const listed = readLabelledUpdates(item.html, reference, writtenZone(item.publishedRaw) ?? 0);
  if (listed.length > 0) {
    const updates = chronological(listed, item.updated ?? reference).map((u) => ({
      at: u.at,
      // The time shown stays with an entry whose time could not be read: its `at` is only a bound.
      body: u.stamp ? `[${u.stamp}] ${u.body}` : u.body,
      label: u.label,
      status: incidentStatusWord(u.label),
      maintenance: maintenanceStatusWord(u.label),
    }));
    const labels = listed.map((u) => u.label);
    const isMaintenance = labels.some((l) => maintenanceStatusWord(l) !== undefined) && !labels.some((l) => incidentStatusWord(l) && !maintenanceStatusWord(l));
    return { item, title, reference, isMaintenance, updates };
  }
  const text = htmlToText(item.html);
  const stated = statusLineFromText(text);
  const titleLabel = titleMatch?.[1];
  const isMaintenance = stated !== undefined && !isIncidentStatus(stated);
  // "UPDATE: …" titles carry the previous state forward like Statuspage's "Update" label.
  const status =
    (stated && isIncidentStatus(stated) ? stated : undefined) ??
    incidentStatusWord(titleLabel) ??
    (titleLabel && /^update/i.test(titleLabel) ? undefined : "investigating");
  const listedComponents = readAffectedComponentList(item.html);
  const components: AffectedComponent[] = (listedComponents.length ? listedComponents : readAffectedComponentList(item.summaryHtml ?? "")).map((c) => ({
    name: c.name,
    to: componentStatusWord(c.status),
  }));
  const at = item.updated ?? reference;
  return {
    item,
    title,
    reference: at,
    isMaintenance,
    span: statedSpan(text),
    updates: [{ at, body: text, label: titleLabel, status, maintenance: isMaintenance ? (stated as MaintenanceStatus) : undefined, components }],
  };
}

/** Google Cloud entries open with "Incident began at 2022-03-31 08:30 and ended at … (all times are US/Pacific)". */
function statedSpan(text: string): { began: Date; ended?: Date } | undefined {
  const m =
    /began at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?: and ended at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}))?\s*\(all times are ([A-Za-z/_]+)\)/i.exec(text);
  if (!m) return undefined;
  const at = (i: number) =>
    m[i] ? wallTimeToUtc({ year: +m[i]!, month: +m[i + 1]! - 1, day: +m[i + 2]!, hour: +m[i + 3]!, minute: +m[i + 4]! }, m[11]!) : undefined;
  const began = at(1);
  return began ? { began, ended: at(6) } : undefined;
}

function isIncidentStatus(s: string): s is IncidentStatus {
  return incidentStatusWord(s) === s;
}
