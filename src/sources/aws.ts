import { z } from "zod";
import type { Snapshot } from "../domain/snapshot";
import { parseAwsDashboard } from "./aws-dashboard";
import { snapshotFromAwsFeed } from "./aws-rss";
import { invalidPayload } from "./errors";
import { readFeed } from "./feed/document";
import { parseJson } from "./parse/parse-helpers";
import { fetchDocuments, type SourceKind } from "./types";

export { parseAwsDashboard } from "./aws-dashboard";
export { snapshotFromAwsFeed } from "./aws-rss";

/**
 * AWS Health: RSS feeds, per service or for all services (all.rss; state in the title prefix), the
 * Health dashboard's JSON (currentevents: an array of events; historyevents: service → events) or
 * the legacy dashboard `data.json` ({archive, current}).
 */
export interface AwsOptions {
  format?: "rss" | "json";
}

export async function parseAws(text: string, format?: "rss" | "json", url?: string): Promise<Snapshot> {
  // AWS sends its Health JSON with a byte-order mark, which JSON.parse refuses.
  const body = text.replace(/^\ufeff/, "");
  // Anything but markup is JSON, so `null` or a number is refused as AWS JSON rather than as a feed.
  const kind = format ?? (/^\s*</.test(body) ? "rss" : "json");
  return kind === "json" ? parseAwsDashboard(parseJson(body, "AWS JSON")) : snapshotFromAwsFeed(await readFeed(body, "AWS RSS feed"), url);
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
