import Parser from "rss-parser";
import { invalidPayload } from "../errors";
import { htmlToText } from "../../text/html-text";
import { isRecord, str, toDate } from "../parse/parse-helpers";

/** An RSS or Atom document reduced to what the status kinds read. */
export interface FeedDocument {
  title?: string;
  link?: string;
  generator?: string;
  updated?: Date;
  items: FeedItem[];
}

export interface FeedItem {
  /** RSS guid or Atom id. */
  id?: string;
  link?: string;
  title: string;
  /** The richest body the item has (content:encoded, content, description, summary), as markup. */
  html: string;
  /**
   * The item's other, shorter body when it has two (Atom summary beside content, RSS description
   * beside content:encoded): incident.io lists affected components only in the summary.
   */
  summaryHtml?: string;
  /** pubDate/published as written, to recover its UTC offset. */
  publishedRaw?: string;
  published?: Date;
  /** Atom `updated` (edits after publication). */
  updated?: Date;
  categories: string[];
}

/** Parses RSS 0.9/1/2 or Atom text; anything else is an invalid payload. Async only because rss-parser is; no I/O. */
export async function readFeed(text: string, what = "feed"): Promise<FeedDocument> {
  // No regex here: adjacent \s* runs backtrack quadratically on a body of spaces. No excerpt either:
  // errors are shown publicly, and a redirected fetch could have read something private.
  if (
    !text
      .replace(/^\ufeff/, "")
      .trimStart()
      .startsWith("<")
  )
    throw invalidPayload(`${what} is not XML`);
  let raw: Record<string, unknown>;
  try {
    raw = (await new Parser({ customFields: { item: ["updated", "published", ["title", "titleElement", { keepArray: true }]] } }).parseString(
      text,
    )) as unknown as Record<string, unknown>;
  } catch (err) {
    // sax names the line and column; only those are kept (the message can quote the body).
    const where = /Line: \d+\s+Column: \d+/.exec(String((err as Error).message ?? err))?.[0];
    throw invalidPayload(`${what} is not an RSS or Atom feed${where ? ` (${where.replace(/\s+(?=Column)/, ", ")})` : ""}`);
  }
  const items = Array.isArray(raw.items) ? raw.items.filter(isRecord).map(toItem) : [];
  return {
    title: text1(raw.title),
    link: text1(raw.link),
    generator: text1(raw.generator),
    updated: toDate(text1(raw.lastBuildDate) ?? text1(raw.pubDate)),
    items,
  };
}

function toItem(raw: Record<string, unknown>): FeedItem {
  const publishedRaw = text1(raw.published) ?? text1(raw.pubDate) ?? text1(raw.date);
  const html = text1(raw["content:encoded"]) ?? text1(raw.content) ?? text1(raw.summary) ?? "";
  const summaryHtml = text1(raw.summary) ?? (raw["content:encoded"] !== undefined ? text1(raw.content) : undefined);
  return {
    id: text1(raw.guid) ?? text1(raw.id),
    link: text1(raw.link),
    title: itemTitle(raw),
    html,
    ...(summaryHtml !== undefined && summaryHtml !== html ? { summaryHtml } : {}),
    publishedRaw,
    published: toDate(publishedRaw?.trim()) ?? toDate(raw.isoDate),
    updated: toDate(text1(raw.updated)?.trim()),
    categories: Array.isArray(raw.categories) ? raw.categories.flatMap((c) => (text1(c) ? [text1(c)!.trim()] : [])) : [],
  };
}

/**
 * An Atom `<title type="html">` holds escaped markup ("Search &amp;amp; Chat"), which rss-parser
 * passes on undecoded; plain-text titles (Atom's default, and RSS) are text already and are
 * left alone, so a literal "&amp;" in them survives.
 */
function itemTitle(raw: Record<string, unknown>): string {
  const title = (text1(raw.title) ?? "").trim();
  const element = Array.isArray(raw.titleElement) ? raw.titleElement[0] : undefined;
  const type = isRecord(element) && isRecord(element.$) ? str(element.$.type) : undefined;
  return type?.trim().toLowerCase() === "html" ? htmlToText(title).replace(/\s+/g, " ").trim() : title;
}

/** xml2js gives strings, `{ _: text, $: attrs }` or arrays of those; anything else counts as absent. */
function text1(v: unknown): string | undefined {
  if (Array.isArray(v)) return text1(v[0]);
  if (isRecord(v)) return str(v._);
  return str(v);
}
