import type { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, type SourceKind } from "../types";
import { type HtmlOptions, htmlOptionsSchema, parseHtmlPage } from "./parse";

export const html: SourceKind<HtmlOptions> = {
  kind: "html",
  options: htmlOptionsSchema as unknown as z.ZodType<HtmlOptions>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [{ url: entry.url, accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5" }]);
    if (fetched.kind === "unchanged") return fetched;
    const page = fetched.documents.get(entry.url);
    if (page === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    return { kind: "snapshot", snapshot: parseHtmlPage(page, entry.options, entry.url, ctx.now), validators: fetched.validators };
  },
};
