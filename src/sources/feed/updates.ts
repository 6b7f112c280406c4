import { htmlToText, loadMarkup } from "../../text/html-text";
import { parseFeedTimestamp } from "../parse/zone-time";

/** One entry of the update list Statuspage writes into each history-feed item. */
export interface LabelledUpdate {
  label: string;
  body: string;
  /** Undefined when the entry shows no time or an unreadable one. */
  at?: Date;
  /** The time as the entry shows it, kept when it could not be read. */
  stamp?: string;
}

/**
 * Reads `<p><small>Jan 10, 17:27 PST</small><br><strong>Resolved</strong> - body</p>` paragraphs,
 * in both markup generations (the newer wraps day and time in `<var data-var>`), and plain
 * `<p><strong>Label</strong> - body</p>`. Returns them as written (newest first); [] when the item
 * has no such list. `reference` (the item's own date) supplies the year the entries omit, and
 * `defaultZone` the zone of times that name none.
 */
export function readLabelledUpdates(html: string, reference: Date, defaultZone: string | number = 0): LabelledUpdate[] {
  if (!/<strong|<b[\s>]/i.test(html)) return [];
  const $ = loadMarkup(html);
  const out: LabelledUpdate[] = [];
  $("p").each((_, p) => {
    const para = $(p);
    const strong = para.children("strong, b").first();
    if (strong.length === 0) return;
    const small = para.children("small").first();
    const stamp = small.length ? small.text().replace(/\s+/g, " ").trim() : undefined;
    const clone = para.clone();
    clone.children("small").first().remove();
    clone.children("strong, b").first().remove();
    const rest = (clone.html() ?? "").replace(/^\s*(?:<br\s*\/?>\s*)*/i, "");
    // A label is followed by " - body"; a bold phrase inside prose is not a label.
    if (!/^\s*[-–—]/.test(rest)) return;
    const label = strong.text().replace(/\s+/g, " ").trim();
    if (!label || label.length > 40) return;
    const at = stamp ? parseFeedTimestamp(stamp, reference, defaultZone) : undefined;
    out.push({
      label,
      body: htmlToText(rest.replace(/^\s*[-–—]\s*/, "")),
      at,
      ...(stamp && !at ? { stamp } : {}),
    });
  });
  return out;
}

/**
 * The entries oldest first, each with a time. Statuspage lists newest first, and its times have
 * minute precision, so list position is the only order among entries of the same minute: the
 * result keeps that order, and callers must keep it when sorting (stable, by time only).
 * A list whose dated entries run forwards is taken as oldest first already.
 *
 * An entry without a readable time gets the time of the dated entry just before it (or, when
 * none is before it, just after it; when none is dated at all, `fallback`): a lower or upper
 * bound that keeps it in its place. Such an estimate is marked `estimated`.
 */
export function chronological(listed: LabelledUpdate[], fallback: Date): (LabelledUpdate & { at: Date; estimated: boolean })[] {
  const dated = listed.flatMap((u) => (u.at ? [u.at.getTime()] : []));
  const oldestFirst = dated.length > 1 && dated[0]! < dated.at(-1)!;
  const ordered = oldestFirst ? [...listed] : [...listed].reverse();
  const firstDated = ordered.find((u) => u.at)?.at ?? fallback;
  let previous: Date | undefined;
  return ordered.map((u) => {
    if (u.at) previous = u.at;
    return { ...u, at: u.at ?? previous ?? firstDated, estimated: !u.at };
  });
}

/**
 * incident.io feeds end with "Affected components" and `<li>Name (Status)</li>` entries.
 * Returns name and status phrase pairs; [] when there is no such list.
 */
export function readAffectedComponentList(html: string): { name: string; status: string }[] {
  if (!/affected components/i.test(html)) return [];
  const $ = loadMarkup(html);
  const out: { name: string; status: string }[] = [];
  $("li").each((_, li) => {
    const m = /^(.+?)\s*\(([^()]+)\)\s*$/.exec($(li).text().replace(/\s+/g, " ").trim());
    if (m) out.push({ name: m[1]!, status: m[2]! });
  });
  return out;
}
