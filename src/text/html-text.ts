import * as cheerio from "cheerio";
import type { AnyNode } from "domhandler";

const BLOCKS = new Set(["p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "section", "hr", "pre"]);
const DROPPED = new Set(["script", "style", "noscript", "template"]);
/** Longer markup is cut: no status update needs more, and parsing stays bounded. */
const MAX_HTML_CHARS = 500_000;

/**
 * Parses a fragment of provider markup. htmlparser2 rather than cheerio's default parse5: parse5's
 * fragment mode took seconds on a few hundred KB of plain paragraphs, and parsing blocks the process.
 */
export function loadMarkup(html: string): cheerio.CheerioAPI {
  return cheerio.load(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html, { xml: { xmlMode: false, decodeEntities: true } }, false);
}

/**
 * Provider markup → plain text: line breaks for <br> and block elements, entities decoded,
 * scripts and styles dropped. Cheerio only parses; nothing in the markup is ever run.
 * One pass with an explicit stack, so time is linear and deep nesting cannot overflow the call stack.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidy(html);
  const $ = loadMarkup(html);
  const out: string[] = [];
  const stack: Array<AnyNode | string> = [...$.root()[0]!.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === "string") {
      out.push(node);
      continue;
    }
    if (node.type === "text") {
      out.push(node.data);
      continue;
    }
    if (node.type !== "tag" && node.type !== "cdata" && node.type !== "script" && node.type !== "style") continue;
    const name = "name" in node ? node.name.toLowerCase() : "";
    if (DROPPED.has(name)) continue;
    if (name === "br") {
      out.push("\n");
      continue;
    }
    const block = BLOCKS.has(name);
    if (block) out.push("\n");
    if (name === "li") out.push("• ");
    if (block) stack.push("\n");
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return tidy(out.join(""));
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t\f\v]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
