import * as cheerio from "cheerio";
import type { AnyNode } from "domhandler";
import { z } from "zod";
import type { Snapshot, SnapshotComponent, SnapshotIncident } from "../../domain/snapshot";
import { type ComponentStatus, type IncidentStatus, worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { htmlToText } from "../../text/html-text";
import { buildIncident, carryStatuses } from "../parse/incident-builder";
import { shortHash, toDate } from "../parse/parse-helpers";
import { componentStatusWord, incidentStatusWord } from "../parse/status-words";

/** Any HTML status page, read with CSS selectors from the catalog entry. */
const selector = z.string().min(1);
export const htmlOptionsSchema = z
  .object({
    /** One element per incident. */
    incidentSelector: selector,
    /** Inside an incident element. */
    titleSelector: selector,
    statusSelector: selector.optional(),
    /** Text or `datetime` attribute of the start time; ISO or any format with its own zone. */
    timeSelector: selector.optional(),
    linkSelector: selector.optional(),
    bodySelector: selector.optional(),
    /** One element per component on the page. */
    componentSelector: selector.optional(),
    componentNameSelector: selector.optional(),
    componentStatusSelector: selector.optional(),
    overallStatusSelector: selector.optional(),
  })
  .strict()
  .refine((o) => !o.componentSelector || o.componentNameSelector, {
    message: "componentNameSelector is required with componentSelector",
  });
export type HtmlOptions = z.infer<typeof htmlOptionsSchema>;

/**
 * Status words live in free text ("Partial Outage", "Resolved - 2 hours ago"): the longest known
 * phrase at the start wins, then any known phrase inside. Unknown text gives undefined.
 */
function statusFromText<T>(text: string, lookup: (s: string) => T | undefined): T | undefined {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return undefined;
  const whole = lookup(clean);
  if (whole) return whole;
  const words = clean.split(/[\s:–—|·•-]+/).filter(Boolean);
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const found = lookup(words.slice(i, i + n).join(" "));
      if (found) return found;
    }
  }
  return undefined;
}

export function parseHtmlPage(html: string, options: HtmlOptions, pageUrl: string, now: Date): Snapshot {
  if (!/<[a-z!]/i.test(html)) throw invalidPayload("page is not HTML");
  const $ = cheerio.load(html);
  const text = (el: cheerio.Cheerio<AnyNode>) => el.text().replace(/\s+/g, " ").trim();
  const pick = (root: cheerio.Cheerio<AnyNode>, sel: string | undefined) => (sel ? root.find(sel).first() : undefined);

  const incidents: SnapshotIncident[] = [];
  $(options.incidentSelector).each((_, node) => {
    const el = $(node);
    const title = text(pick(el, options.titleSelector)!);
    if (!title) return;
    const statusEl = pick(el, options.statusSelector);
    const status: IncidentStatus = (statusEl && statusFromText(text(statusEl), incidentStatusWord)) ?? "investigating";
    const timeEl = pick(el, options.timeSelector);
    const at = (timeEl && (toDate(timeEl.attr("datetime")) ?? toDate(text(timeEl)))) || now;
    const linkEl = pick(el, options.linkSelector);
    const href = linkEl?.attr("href") ?? (options.linkSelector ? undefined : el.find("a[href]").first().attr("href"));
    const url = href ? safeUrl(href, pageUrl) : undefined;
    const bodyEl = pick(el, options.bodySelector);
    const body = bodyEl ? htmlToText(bodyEl.html() ?? "") : "";
    const incident = buildIncident({
      // Pages without ids: the link when there is one, else the title and start.
      externalId: url ?? shortHash(title, timeEl ? at.toISOString() : ""),
      title,
      impact: "none",
      url,
      components: [],
      updates: carryStatuses([{ at, body, status, label: statusEl ? text(statusEl) || undefined : undefined }]),
      status,
    });
    if (incident) incidents.push(incident);
  });

  const components: SnapshotComponent[] = [];
  if (options.componentSelector && options.componentNameSelector) {
    $(options.componentSelector).each((_, node) => {
      const el = $(node);
      const name = text(el.find(options.componentNameSelector!).first());
      if (!name) return;
      const statusEl = options.componentStatusSelector ? el.find(options.componentStatusSelector).first() : el;
      const status: ComponentStatus =
        statusFromText(text(statusEl), componentStatusWord) ?? statusFromText(statusEl.attr("class") ?? "", componentStatusWord) ?? "operational";
      components.push({ externalId: name, name, status });
    });
  }
  const overallText = options.overallStatusSelector ? text($(options.overallStatusSelector).first()) : "";
  return {
    status:
      (overallText ? statusFromText(overallText, componentStatusWord) : undefined) ??
      (components.length ? worstComponentStatus(components.map((c) => c.status)) : undefined),
    statusDescription: overallText || undefined,
    components,
    incidents,
    maintenances: [],
  };
}

/** Only http(s) links survive: a `javascript:` href is never stored. */
function safeUrl(href: string, base: string): string | undefined {
  try {
    const u = new URL(href, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
