import type { Snapshot, SnapshotComponent } from "../../domain/snapshot";
import { impactRank, worstComponentStatus } from "../../domain/status";
import { DAY_MS, PREFIX_CODE, RESOLVED_MARK, RESOLVED_PREFIX, SEVERITY } from "./severity";
import { invalidPayload } from "../errors";
import type { FeedDocument, FeedItem } from "../feed/document";
import { htmlToText } from "../../text/html-text";
import { buildIncident, carryStatuses } from "../parse/incident-builder";
import { parseEach } from "../parse/parse-helpers";

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
  const channelName = withoutSuffix((doc.title ?? "").trim(), "service status");
  const serviceName = channelName || "AWS";
  const skipped: string[] = [];
  const posts: AwsPost[] = parseEach(doc.items, (item) => readPost(item, serviceName), skipped);
  posts.sort((a, b) => a.at.getTime() - b.at.getTime());
  const groups = groupPosts(posts);
  // The feed's own name (…/rss/ec2-us-east-1.rss) keeps the component's id when no post is left to name it.
  const fromUrl = feedUrl ? /\/([\w.-]+?)\.rss(?:[?#].*)?$/.exec(feedUrl)?.[1] : undefined;
  // all.rss speaks for every service under one channel; only its guids say which service a post is about.
  const allServices = new Set(posts.map((p) => p.service)).size > 1 || fromUrl === "all" || /^amazon web services$/i.test(channelName);
  const nameOf = (service: string) =>
    allServices ? (posts.flatMap((p) => (p.service === service ? p.item.categories.map((c) => c.trim()) : [])).find(Boolean) ?? service) : serviceName;
  const incidents = groups.flatMap((g) => {
    const first = g[0]!;
    const worst = g.reduce((w, p) => (impactRank(SEVERITY[p.code]!.impact) > impactRank(SEVERITY[w.code]!.impact) ? p : w));
    const incident = buildIncident({
      externalId: first.item.id ?? `${first.service}_${Math.floor(first.at.getTime() / 1000)}`,
      title: first.title || first.service,
      impact: SEVERITY[worst.code]!.impact,
      url: first.item.link,
      components: [nameOf(first.service)],
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
  const openStatuses = (service?: string) =>
    groups.filter((g) => !g.at(-1)!.resolved && (service === undefined || g[0]!.service === service)).map((g) => SEVERITY[g.at(-1)!.code]!.component);
  const components: SnapshotComponent[] = allServices
    ? [...new Set(posts.map((p) => p.service))].map((service) => ({
        externalId: service,
        name: nameOf(service),
        status: worstComponentStatus(openStatuses(service)),
      }))
    : [{ externalId: posts[0]?.service ?? fromUrl ?? serviceName, name: serviceName, status: worstComponentStatus(openStatuses()) }];
  const status = worstComponentStatus(components.map((c) => c.status));
  return { status, components, componentsExhaustive: true, incidents, maintenances: [], ...(skipped.length ? { skipped } : {}) };
}

function readPost(item: FeedItem, serviceName: string): AwsPost {
  const at = item.published ?? item.updated;
  if (!at) throw invalidPayload(`AWS feed item ${JSON.stringify(item.title.slice(0, 80))} has no date`);
  let title = item.title;
  const closing = RESOLVED_PREFIX.test(title);
  title = title.replace(RESOLVED_PREFIX, "");
  // A bare "Resolved:" says no more than "operating normally"; after it, an inner prefix still gives the severity.
  let code = closing ? "0" : "1";
  for (const [re, c] of PREFIX_CODE) {
    if (re.test(title)) {
      title = title.replace(re, "");
      code = c;
      break;
    }
  }
  const resolved = closing || code === "0" || RESOLVED_MARK.test(title);
  title = title.replace(RESOLVED_MARK, "").trim();
  const service = /#([^#]+?)_\d+$/.exec(item.id ?? "")?.[1] ?? serviceName;
  return { item, service, at, code, title, resolved, body: htmlToText(item.html) };
}

/** Chronological posts into incidents, each a chronological list of posts of one service. */
function groupPosts(posts: AwsPost[]): AwsPost[][] {
  const groups: AwsPost[][] = [];
  for (const post of posts) {
    const recent = groups.filter((g) => g[0]!.service === post.service && post.at.getTime() - g.at(-1)!.at.getTime() <= DAY_MS);
    const open = recent.filter((g) => !g.at(-1)!.resolved);
    // AWS follows the post that resolved an incident with a summary hours later, "[RESOLVED]" and the
    // same title again: that one belongs to the incident it closed, not to a new one.
    const sameTitle = (post.resolved ? recent : open).findLast((g) => g[0]!.title.toLowerCase() === post.title.toLowerCase());
    const target = sameTitle ?? (post.resolved ? open.at(-1) : undefined);
    if (target) target.push(post);
    else groups.push([post]);
  }
  return groups;
}

/** `text` without a case-insensitive `suffix`; string functions, since `\s*…\s*$` backtracks on long runs of spaces. */
function withoutSuffix(text: string, suffix: string): string {
  return text.toLowerCase().endsWith(suffix) ? text.slice(0, text.length - suffix.length).trimEnd() : text;
}
