import { z } from "zod";
import { invalidPayload } from "../errors";
import { readFeed } from "../feed/document";
import { parseJson } from "../parse/parse-helpers";
import { fetchDocuments, jsonDocument, type SourceContext, type SourceKind, underBase } from "../types";
import { type IncidentioOptions, parseIncidentio } from "./parse";

async function widgetSummary(ctx: SourceContext, pageUrl: string): Promise<unknown> {
  const url = underBase(pageUrl, "api/v1/summary");
  const got = await ctx.http.get({ url, accept: "application/json", optional: true });
  if (got.kind !== "body") throw invalidPayload("the page has neither /api/v2/summary.json nor /api/v1/summary");
  return parseJson(got.body, "api/v1/summary");
}

export const incidentio: SourceKind<IncidentioOptions> = {
  kind: "incidentio",
  options: z.object({ proxyUrl: z.string().url().optional() }).strict() as z.ZodType<IncidentioOptions>,
  async poll(entry, ctx) {
    const urls = {
      summary: underBase(entry.url, "api/v2/summary.json"),
      incidents: underBase(entry.url, "api/v2/incidents.json"),
      feed: underBase(entry.url, "history.atom"),
    };
    const fetched = await fetchDocuments(ctx, [
      { url: urls.summary, accept: "application/json", optional: true },
      { url: urls.incidents, accept: "application/json", optional: true },
      { url: urls.feed, accept: "application/atom+xml, application/xml;q=0.9", optional: true },
      ...(entry.options.proxyUrl ? [{ url: entry.options.proxyUrl, accept: "application/json", optional: true }] : []),
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const json = (url: string | undefined, what: string) => jsonDocument(fetched.documents, url, what);
    // Pages without the Statuspage-compatible summary still have incident.io's widget API.
    const summary = json(urls.summary, "summary.json") ?? (await widgetSummary(ctx, entry.url));
    const feedText = fetched.documents.get(urls.feed);
    const snapshot = parseIncidentio(
      {
        summary,
        incidents: json(urls.incidents, "incidents.json"),
        feed: feedText === undefined ? undefined : await readFeed(feedText, "history.atom"),
        proxy: json(entry.options.proxyUrl, "incident.io JSON"),
      },
      entry.url,
    );
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
