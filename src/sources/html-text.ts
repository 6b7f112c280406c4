import * as cheerio from "cheerio";

const BLOCKS = "p, div, li, ul, ol, h1, h2, h3, h4, h5, h6, tr, table, blockquote, section, hr, pre";

/**
 * Provider markup → plain text: line breaks for <br> and block elements, entities decoded,
 * scripts and styles dropped. Cheerio only parses; nothing in the markup is ever run.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidy(html);
  const $ = cheerio.load(html, null, false);
  $("script, style, noscript, template").remove();
  $("br").replaceWith("\n");
  $("li").each((_, el) => {
    $(el).prepend("• ");
  });
  $(BLOCKS).each((_, el) => {
    $(el).before("\n").after("\n");
  });
  return tidy($.root().text());
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
