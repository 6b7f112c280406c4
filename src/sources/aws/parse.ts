import type { Snapshot } from "../../domain/snapshot";
import { parseAwsDashboard } from "./dashboard";
import { snapshotFromAwsFeed } from "./rss";
import { readFeed } from "../feed/document";
import { parseJson } from "../parse/parse-helpers";

export { parseAwsDashboard } from "./dashboard";
export { snapshotFromAwsFeed } from "./rss";

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
