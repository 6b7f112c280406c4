import type { Snapshot, SnapshotComponent, SnapshotIncident } from "../../domain/snapshot";
import { worstComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { parseEach } from "../parse/parse-helpers";
import { type FeedDocument, readFeed } from "../feed/document";
import { htmlToText } from "../../text/html-text";
import { buildIncident, carryStatuses } from "../parse/incident-builder";
import { statusHintFromText } from "../parse/status-words";

/**
 * Azure status RSS: only active events are listed, with no status field. The state is read from
 * the text, and <category> mixes services (our components) with regions (kept in the body).
 */

const REGION_WORDS = new Set(
  (
    "north south east west central northeast northwest southeast southwest us usa europe asia pacific india australia brazil canada " +
    "france japan korea uk africa germany norway switzerland uae sweden poland qatar italy israel mexico spain taiwan china " +
    "new zealand indonesia malaysia chile austria belgium denmark finland greece gov government virginia texas arizona iowa " +
    "dod secret top china global public non-regional nonregional regional mid east middle jio"
  ).split(/\s+/),
);

/** "East US 2", "South Africa North", "Public Non-Regional" are regions; "Azure Front Door" is not. */
export function isAzureRegion(category: string): boolean {
  const words = category.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => REGION_WORDS.has(w) || /^\d+$/.test(w));
}

/**
 * Azure rewrites the text to "Summary of Impact: …" once an event is mitigated. Otherwise only an
 * explicit "has been mitigated/resolved" resolves it; listed events are otherwise investigating.
 */
function azureStatus(text: string): "resolved" | "investigating" {
  if (/^\s*summary of impact\s*:/i.test(text)) return "resolved";
  const current = /current status\s*:\s*([\s\S]*)/i.exec(text)?.[1];
  return statusHintFromText(current ?? text) === "resolved" ? "resolved" : "investigating";
}

export function snapshotFromAzureFeed(doc: FeedDocument): Snapshot {
  const incidents: SnapshotIncident[] = [];
  const affected = new Map<string, SnapshotComponent>();
  const skipped: string[] = [];
  parseEach(
    doc.items,
    (item) => {
      const at = item.published ?? item.updated ?? doc.updated;
      if (!at) throw invalidPayload(`Azure item ${JSON.stringify(item.title.slice(0, 80))} has no date`);
      const services = item.categories.filter((c) => !isAzureRegion(c));
      const regions = item.categories.filter((c) => isAzureRegion(c));
      const text = htmlToText(item.html);
      const status = azureStatus(text);
      const body = regions.length ? `${text}\n\nRegions: ${regions.join(", ")}` : text;
      const slug = item.id?.trim() || item.title;
      const incident = buildIncident({
        // Azure reuses slugs for unrelated events on other days.
        externalId: `${slug}@${at.toISOString().slice(0, 10)}`,
        title: item.title || slug,
        impact: "minor",
        url: item.link,
        components: services,
        updates: carryStatuses([{ at, body, status }]),
      });
      if (!incident) return;
      incidents.push(incident);
      // Listed and not yet mitigated: the service is impaired, to a degree Azure does not state.
      for (const name of services) {
        const s = status === "resolved" ? "operational" : "partial_outage";
        const prev = affected.get(name);
        affected.set(name, { externalId: name, name, status: worstComponentStatus([s, ...(prev ? [prev.status] : [])]) });
      }
    },
    skipped,
  );
  const components = [...affected.values()];
  return {
    status: worstComponentStatus(components.map((c) => c.status)),
    components,
    componentsExhaustive: true,
    incidents,
    maintenances: [],
    ...(skipped.length ? { skipped } : {}),
  };
}

export async function parseAzureFeed(text: string): Promise<Snapshot> {
  return snapshotFromAzureFeed(await readFeed(text, "Azure status feed"));
}
