import type { Snapshot, SnapshotIncident } from "../../domain/snapshot";
import { type ComponentStatus, type Impact, impactRank, worstComponentStatus } from "../../domain/status";
import { DAY_MS, RESOLVED_MARK, SEVERITY, type Severity } from "./severity";
import { invalidPayload } from "../errors";
import { htmlToText } from "../../text/html-text";
import { buildIncident, carryStatuses, type RawUpdate } from "../parse/incident-builder";
import { isRecord, parseEach, str } from "../parse/parse-helpers";
import { localDate, to24h, wallTimeToUtc } from "../parse/zone-time";

/** One event of any of the dashboard's documents; `key` is the historyevents service it is filed under. */
interface DashboardItem {
  e: unknown;
  archived: boolean;
  key?: string;
}

/**
 * The dashboard's JSON documents: the legacy data.json ({archive, current}), currentevents (an array
 * of events, empty when all is well) and historyevents (service key → events). Events of the current
 * dashboard carry `arn`, `event_log` entries with epoch times, `impacted_services` and `end_time`;
 * legacy ones carry time-only entries in an HTML `description`.
 */
export function parseAwsDashboard(doc: unknown): Snapshot {
  const items = dashboardItems(doc);
  const incidents = new Map<string, SnapshotIncident>();
  const services = new Map<string, { name: string; statuses: ComponentStatus[] }>();
  const skipped: string[] = [];
  parseEach(
    items,
    ({ e, archived, key }) => {
      if (!isRecord(e)) throw invalidPayload("an AWS event is not an object");
      const service = str(e.service)?.trim() || key;
      const epoch = Number(str(e.date));
      if (!service || !Number.isFinite(epoch) || epoch <= 0)
        throw invalidPayload(`AWS event ${JSON.stringify(e.summary ?? "").slice(0, 80)} lacks service or date`);
      const region = str(e.region_name)?.trim();
      const name = withRegion(str(e.service_name)?.trim() || service, region);
      const start = new Date(epoch * 1000);
      const summary = str(e.summary) ?? "";
      const endEpoch = Number(str(e.end_time));
      const endTime = Number.isFinite(endEpoch) && endEpoch > 0 ? new Date(endEpoch * 1000) : undefined;
      const code = str(e.status)?.trim() ?? "";
      // Archived events are over; a current one is over once its status, end time or summary says so.
      const resolved = archived || code === "0" || endTime !== undefined || RESOLVED_MARK.test(summary);
      const severity = SEVERITY[code] ?? SEVERITY["1"]!;
      const impacted = impactedServices(e.impacted_services, region);
      // A resolved event's status is "0"; the worst any service reached (`max`) is what it was.
      const impact = [severity, ...impacted.map((s) => s.max)].reduce<Impact>((w, s) => (s && impactRank(s.impact) > impactRank(w) ? s.impact : w), "none");
      const description = str(e.description) ?? "";
      const updates = Array.isArray(e.event_log) ? readEventLog(e.event_log, summary, skipped) : readTimedDivs(description, start);
      if (resolved && updates.length) updates[updates.length - 1]!.status = "resolved";
      const affected = impacted.length ? impacted : [{ id: service, name, current: undefined, max: undefined }];
      const externalId = str(e.arn)?.trim() || `${service}_${epoch}`;
      const incident = buildIncident({
        externalId,
        title: summary.replace(RESOLVED_MARK, "").trim() || name,
        impact,
        components: affected.map((s) => s.name),
        updates: carryStatuses(
          updates.length ? updates : [{ at: start, body: htmlToText(description || summary), status: resolved ? "resolved" : "investigating" }],
        ),
        status: resolved ? "resolved" : undefined,
        resolvedAt: resolved ? endTime : undefined,
        // `date` keeps seconds the entries drop; whichever is earlier is the start.
        startedAt: updates[0] && updates[0].at < start ? updates[0].at : start,
      });
      // historyevents files an event under each service it touched.
      const seen = incidents.get(externalId);
      if (seen) seen.components = [...new Set([...seen.components, ...(incident?.components ?? [])])];
      else if (incident) incidents.set(externalId, incident);
      for (const s of affected) {
        const entry = services.get(s.id) ?? { name: s.name, statuses: [] };
        if (!resolved) entry.statuses.push((s.current ?? severity).component);
        services.set(s.id, entry);
      }
    },
    skipped,
  );
  const components = [...services].map(([id, s]) => ({ externalId: id, name: s.name, status: worstComponentStatus(s.statuses) }));
  return {
    status: worstComponentStatus(components.map((c) => c.status)),
    components,
    componentsExhaustive: true,
    incidents: [...incidents.values()],
    maintenances: [],
    ...(skipped.length ? { skipped } : {}),
  };
}

function dashboardItems(doc: unknown): DashboardItem[] {
  if (Array.isArray(doc)) return doc.map((e) => ({ e, archived: false }));
  if (isRecord(doc) && (Array.isArray(doc.archive) || Array.isArray(doc.current))) {
    return [
      ...(Array.isArray(doc.archive) ? doc.archive : []).map((e) => ({ e, archived: true })),
      ...(Array.isArray(doc.current) ? doc.current : []).map((e) => ({ e, archived: false })),
    ];
  }
  const lists = isRecord(doc) ? Object.entries(doc) : [];
  // `{}` is refused with the rest: historyevents always holds the past year, so an empty one is not AWS speaking.
  if (lists.length && lists.every(([, v]) => Array.isArray(v))) {
    return lists.flatMap(([key, events]) => (events as unknown[]).map((e) => ({ e, archived: false, key })));
  }
  throw invalidPayload(
    `AWS JSON has neither an archive nor a current array (data.json), nor is it an array of events (currentevents) or services mapped to event arrays (historyevents)`,
  );
}

interface Impacted {
  id: string;
  name: string;
  current: Severity | undefined;
  max: Severity | undefined;
}

/** `impacted_services`: service key → {service_name, current, max}, severities as status codes. */
function impactedServices(raw: unknown, region: string | undefined): Impacted[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).map(([id, v]) => {
    const s = isRecord(v) ? v : {};
    return {
      id,
      name: withRegion(str(s.service_name)?.trim() || id, region),
      current: SEVERITY[str(s.current)?.trim() ?? ""],
      max: SEVERITY[str(s.max)?.trim() ?? ""],
    };
  });
}

/**
 * The current dashboard names a service without its region ("AWS Sign-In"); incidents refer to
 * components by name, so the region keeps one region's service apart from another's.
 */
function withRegion(name: string, region: string | undefined): string {
  return region && !name.includes(`(${region})`) ? `${name} (${region})` : name;
}

/**
 * `event_log` entries: {summary, message (HTML), status, timestamp (epoch seconds)}. Like the legacy
 * entries they carry "investigating" and only a finished event's last one is "resolved"; the entry's
 * time is its id, so that closing an event later does not make its last entry a new one.
 */
function readEventLog(log: unknown[], summary: string, skipped: string[]): RawUpdate[] {
  const out: RawUpdate[] = [];
  for (const entry of log) {
    const epoch = isRecord(entry) ? Number(str(entry.timestamp)) : NaN;
    if (!isRecord(entry) || !Number.isFinite(epoch) || epoch <= 0) {
      skipped.push(`AWS event ${JSON.stringify(summary).slice(0, 80)} has an event_log entry without a timestamp`);
      continue;
    }
    out.push({ externalId: String(epoch), at: new Date(epoch * 1000), body: htmlToText(str(entry.message) ?? "") });
  }
  // AWS lists the newest entry first; the closing one is the latest in time.
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * `<div><span class="yellowfg">12:53 PM PDT</span>&nbsp;text</div>` entries carry a time without a
 * date: the first falls on the event's own date (`date`, epoch seconds), and each later entry
 * moves to the next day when its clock time goes backwards. AWS prose is too conditional
 * ("until the issue is fully mitigated") to read states from, so entries carry "investigating"
 * and only the closing entry of a finished event is "resolved".
 */
function readTimedDivs(html: string, start: Date): RawUpdate[] {
  const out: RawUpdate[] = [];
  // Bounded pieces and no lookahead: each entry's text runs to the next time span, found by index.
  const stamps = [...html.matchAll(/<span[^<>]{0,200}>\s{0,20}(\d{1,2}):(\d{2})\s{0,20}([AP]M)\s{0,20}([A-Z]{2,5})\s{0,20}<\/span>/gi)];
  let previous: Date | undefined;
  for (const [n, stamp] of stamps.entries()) {
    const end = stamps[n + 1]?.index ?? html.length;
    const m = [...stamp, html.slice(stamp.index + stamp[0].length, end)];
    const zone = m[4]!;
    const day = localDate(previous ?? start, zone);
    if (!day) continue;
    const wall = { ...day, hour: to24h(Number(m[1]), m[3]), minute: Number(m[2]) };
    let at = wallTimeToUtc(wall, zone);
    if (!at) continue;
    // The event date is the first post's second-exact time; minute precision may put it just before.
    if (!previous && at.getTime() < start.getTime() - 12 * 3600 * 1000) at = new Date(at.getTime() + DAY_MS);
    if (previous && at.getTime() < previous.getTime()) at = wallTimeToUtc({ ...wall, day: wall.day + 1 }, zone) ?? at;
    out.push({ at, body: htmlToText(m[5]!) });
    previous = at;
  }
  return out;
}
