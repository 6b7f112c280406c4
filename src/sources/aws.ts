import { z } from "zod";
import type { Snapshot, SnapshotComponent, SnapshotIncident } from "../domain/snapshot";
import { type ComponentStatus, type Impact, impactRank, worstComponentStatus } from "../domain/status";
import { invalidPayload } from "./errors";
import { type FeedDocument, type FeedItem, readFeed } from "./feed-document";
import { htmlToText } from "./html-text";
import { buildIncident, carryStatuses, type RawUpdate } from "./incident-builder";
import { isRecord, parseEach, parseJson, str } from "./parse-helpers";
import { fetchDocuments, type SourceKind } from "./types";
import { localDate, to24h, wallTimeToUtc } from "./zone-time";

/** AWS Health: per-service RSS feeds (state in the title prefix) or the legacy dashboard `data.json`. */
export interface AwsOptions {
  format?: "rss" | "json";
}

/** The legacy dashboard's severity codes, as RSS title prefixes and as `status` strings "0"–"3". */
interface Severity {
  impact: Impact;
  component: ComponentStatus;
}
const SEVERITY: Record<string, Severity> = {
  "0": { impact: "none", component: "operational" },
  "1": { impact: "minor", component: "degraded_performance" },
  "2": { impact: "major", component: "partial_outage" },
  "3": { impact: "critical", component: "major_outage" },
};
const PREFIX_CODE: [RegExp, string][] = [
  [/^service is operating normally\s*:\s*/i, "0"],
  [/^informational message\s*:\s*/i, "1"],
  [/^performance issues\s*:\s*/i, "2"],
  [/^service disruption\s*:\s*/i, "3"],
];
const RESOLVED_MARK = /^\s*\[resolved\]\s*/i;

const DAY_MS = 24 * 3600 * 1000;

// ---------- RSS ----------

interface AwsPost {
  item: FeedItem;
  service: string;
  at: Date;
  code: string;
  title: string;
  resolved: boolean;
  body: string;
}

/**
 * Each RSS item is one post. Posts join an incident when they share the service and the title
 * (prefixes and "[RESOLVED]" removed) within a day of its last post; a closing "operating normally"
 * post with another title closes the service's open incident from the last day.
 */
export function snapshotFromAwsFeed(doc: FeedDocument, feedUrl?: string): Snapshot {
  const serviceName = (doc.title ?? "").replace(/\s*Service Status\s*$/i, "").trim() || "AWS";
  const skipped: string[] = [];
  const posts: AwsPost[] = parseEach(doc.items, (item) => {
    const at = item.published ?? item.updated;
    if (!at) throw invalidPayload(`AWS feed item ${JSON.stringify(item.title.slice(0, 80))} has no date`);
    let title = item.title;
    let code = "1";
    for (const [re, c] of PREFIX_CODE) {
      if (re.test(title)) {
        title = title.replace(re, "");
        code = c;
        break;
      }
    }
    const resolved = code === "0" || RESOLVED_MARK.test(title);
    title = title.replace(RESOLVED_MARK, "").trim();
    const service = /#([^#]+?)_\d+$/.exec(item.id ?? "")?.[1] ?? serviceName;
    return { item, service, at, code, title, resolved, body: htmlToText(item.html) };
  }, skipped);
  posts.sort((a, b) => a.at.getTime() - b.at.getTime());
  const groups: AwsPost[][] = [];
  for (const post of posts) {
    const open = groups.filter((g) => {
      const last = g.at(-1)!;
      return last.service === post.service && !last.resolved && post.at.getTime() - last.at.getTime() <= DAY_MS;
    });
    const sameTitle = open.find((g) => g[0]!.title.toLowerCase() === post.title.toLowerCase());
    const target = sameTitle ?? (post.resolved ? open.at(-1) : undefined);
    if (target) target.push(post);
    else groups.push([post]);
  }
  const incidents = groups.flatMap((g) => {
    const first = g[0]!;
    const worst = g.reduce((w, p) => (impactRank(SEVERITY[p.code]!.impact) > impactRank(SEVERITY[w.code]!.impact) ? p : w));
    const incident = buildIncident({
      externalId: first.item.id ?? `${first.service}_${Math.floor(first.at.getTime() / 1000)}`,
      title: first.title || first.service,
      impact: SEVERITY[worst.code]!.impact,
      url: first.item.link,
      components: [serviceName],
      updates: carryStatuses(
        g.map((p) => ({
          externalId: p.item.id,
          at: p.at,
          body: p.body,
          label: p.item.title.split(":")[0],
          status: p.resolved ? "resolved" : "investigating",
        })),
      ),
    });
    return incident ? [incident] : [];
  });
  const openCodes = groups.filter((g) => !g.at(-1)!.resolved).map((g) => SEVERITY[g.at(-1)!.code]!.component);
  // The feed's own name (…/rss/ec2-us-east-1.rss) keeps the component's id when no post is left to name it.
  const fromUrl = feedUrl ? /\/([\w.-]+?)\.rss(?:[?#].*)?$/.exec(feedUrl)?.[1] : undefined;
  const components: SnapshotComponent[] = [{ externalId: posts[0]?.service ?? fromUrl ?? serviceName, name: serviceName, status: worstComponentStatus(openCodes) }];
  return { status: components[0]!.status, components, componentsExhaustive: true, incidents, maintenances: [], ...(skipped.length ? { skipped } : {}) };
}

// ---------- legacy data.json ----------

export function parseAwsDashboard(doc: unknown): Snapshot {
  if (!isRecord(doc) || (!Array.isArray(doc.archive) && !Array.isArray(doc.current))) {
    throw invalidPayload("AWS data.json has neither an archive nor a current array");
  }
  const incidents: SnapshotIncident[] = [];
  const services = new Map<string, { name: string; statuses: ComponentStatus[] }>();
  const skipped: string[] = [];
  const events = [
    ...(Array.isArray(doc.archive) ? doc.archive : []).map((e) => ({ e, current: false })),
    ...(Array.isArray(doc.current) ? doc.current : []).map((e) => ({ e, current: true })),
  ];
  parseEach(events, ({ e, current }) => {
    if (!isRecord(e)) throw invalidPayload("an AWS event is not an object");
    const service = str(e.service);
    const epoch = Number(str(e.date));
    if (!service || !Number.isFinite(epoch) || epoch <= 0) throw invalidPayload(`AWS event ${JSON.stringify(e.summary ?? "").slice(0, 80)} lacks service or date`);
    const name = str(e.service_name)?.trim() || service;
    const start = new Date(epoch * 1000);
    const summary = str(e.summary) ?? "";
    // Archived events are over; a current one is over once its summary says so.
    const resolved = !current || RESOLVED_MARK.test(summary);
    const severity = SEVERITY[str(e.status)?.trim() ?? ""] ?? SEVERITY["1"]!;
    const updates = readTimedDivs(str(e.description) ?? "", start);
    if (resolved && updates.length) updates[updates.length - 1]!.status = "resolved";
    const incident = buildIncident({
      externalId: `${service}_${epoch}`,
      title: summary.replace(RESOLVED_MARK, "").trim() || name,
      impact: severity.impact,
      components: [name],
      updates: carryStatuses(updates.length ? updates : [{ at: start, body: htmlToText(str(e.description) ?? ""), status: resolved ? "resolved" : "investigating" }]),
      status: resolved ? "resolved" : undefined,
      // `date` keeps seconds the entries drop; whichever is earlier is the start.
      startedAt: updates[0] && updates[0].at < start ? updates[0].at : start,
    });
    if (incident) incidents.push(incident);
    const entry = services.get(service) ?? { name, statuses: [] };
    if (!resolved) entry.statuses.push(severity.component);
    services.set(service, entry);
  }, skipped);
  const components = [...services].map(([id, s]) => ({ externalId: id, name: s.name, status: worstComponentStatus(s.statuses) }));
  return { status: worstComponentStatus(components.map((c) => c.status)), components, componentsExhaustive: true, incidents, maintenances: [], ...(skipped.length ? { skipped } : {}) };
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
  const re = /<span[^>]*>\s*(\d{1,2}):(\d{2})\s*([AP]M)\s*([A-Z]{2,5})\s*<\/span>([\s\S]*?)(?=<span[^>]*>\s*\d{1,2}:\d{2}\s*[AP]M|$)/gi;
  let previous: Date | undefined;
  for (const m of html.matchAll(re)) {
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

// ---------- kind ----------

export async function parseAws(text: string, format?: "rss" | "json", url?: string): Promise<Snapshot> {
  const kind = format ?? (/^\s*[[{]/.test(text) ? "json" : "rss");
  return kind === "json" ? parseAwsDashboard(parseJson(text, "AWS data.json")) : snapshotFromAwsFeed(await readFeed(text, "AWS RSS feed"), url);
}

export const aws: SourceKind<AwsOptions> = {
  kind: "aws",
  options: z.object({ format: z.enum(["rss", "json"]).optional() }).strict() as z.ZodType<AwsOptions>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [{ url: entry.url }]);
    if (fetched.kind === "unchanged") return fetched;
    const text = fetched.documents.get(entry.url);
    if (text === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    return { kind: "snapshot", snapshot: await parseAws(text, entry.options.format, entry.url), validators: fetched.validators };
  },
};
