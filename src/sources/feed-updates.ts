import * as cheerio from "cheerio";
import { htmlToText } from "./html-text";
import { parseFeedTimestamp } from "./zone-time";

/** One entry of the update list Statuspage writes into each history-feed item. */
export interface LabelledUpdate {
  label: string;
  body: string;
  /** Undefined when the entry shows no time or an unreadable one. */
  at?: Date;
}

/**
 * Reads `<p><small>Jan 10, 17:27 PST</small><br><strong>Resolved</strong> - body</p>` paragraphs,
 * in both markup generations (the newer wraps day and time in `<var data-var>`), and plain
 * `<p><strong>Label</strong> - body</p>`. Returns them as written (newest first); [] when the item
 * has no such list. `reference` (the item's own date) supplies the year the entries omit.
 */
export function readLabelledUpdates(html: string, reference: Date): LabelledUpdate[] {
  if (!/<strong|<b[\s>]/i.test(html)) return [];
  const $ = cheerio.load(html, null, false);
  const out: LabelledUpdate[] = [];
  $("p").each((_, p) => {
    const para = $(p);
    const strong = para.children("strong, b").first();
    if (strong.length === 0) return;
    const small = para.children("small").first();
    const stamp = small.length ? small.text() : undefined;
    const clone = para.clone();
    clone.children("small").first().remove();
    clone.children("strong, b").first().remove();
    const rest = (clone.html() ?? "").replace(/^\s*(?:<br\s*\/?>\s*)*/i, "");
    // A label is followed by " - body"; a bold phrase inside prose is not a label.
    if (!/^\s*[-–—]/.test(rest)) return;
    const label = strong.text().replace(/\s+/g, " ").trim();
    if (!label || label.length > 40) return;
    out.push({
      label,
      body: htmlToText(rest.replace(/^\s*[-–—]\s*/, "")),
      at: stamp ? parseFeedTimestamp(stamp, reference) : undefined,
    });
  });
  return out;
}

/**
 * incident.io feeds end with "Affected components" and `<li>Name (Status)</li>` entries.
 * Returns name and status phrase pairs; [] when there is no such list.
 */
export function readAffectedComponentList(html: string): { name: string; status: string }[] {
  if (!/affected components/i.test(html)) return [];
  const $ = cheerio.load(html, null, false);
  const out: { name: string; status: string }[] = [];
  $("li").each((_, li) => {
    const m = /^(.+?)\s*\(([^()]+)\)\s*$/.exec($(li).text().replace(/\s+/g, " ").trim());
    if (m) out.push({ name: m[1]!, status: m[2]! });
  });
  return out;
}
