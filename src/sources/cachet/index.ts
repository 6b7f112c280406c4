import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind, underBase } from "../types";
import { knownZone } from "../parse/zone-time";
import { parseCachet } from "./parse";

export interface CachetOptions {
  /** The server's time zone (Cachet's APP_TIMEZONE); its API writes times without one. Default UTC. */
  timeZone?: string;
}

export const cachet: SourceKind<CachetOptions> = {
  kind: "cachet",
  options: z
    .object({
      timeZone: z
        .string()
        .refine((z) => knownZone(z) !== undefined, "unknown time zone")
        .optional(),
    })
    .strict() as z.ZodType<CachetOptions>,
  async poll(entry, ctx) {
    const urls = {
      components: underBase(entry.url, "api/v1/components?per_page=100"),
      groups: underBase(entry.url, "api/v1/components/groups?per_page=100"),
      incidents: underBase(entry.url, "api/v1/incidents?per_page=50&sort=id&order=desc"),
      schedules: underBase(entry.url, "api/v1/schedules?per_page=50"),
    };
    const fetched = await fetchDocuments(ctx, [
      { url: urls.components, accept: "application/json" },
      { url: urls.groups, accept: "application/json", optional: true },
      { url: urls.incidents, accept: "application/json", optional: true },
      { url: urls.schedules, accept: "application/json", optional: true },
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const doc = (url: string, what: string) => jsonDocument(fetched.documents, url, what);
    const components = doc(urls.components, "Cachet components");
    if (components === undefined) throw invalidPayload("Cachet components are missing");
    const snapshot = parseCachet(
      {
        components,
        groups: doc(urls.groups, "Cachet component groups"),
        incidents: doc(urls.incidents, "Cachet incidents"),
        schedules: doc(urls.schedules, "Cachet schedules"),
      },
      entry.url,
      entry.options.timeZone ?? "UTC",
    );
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
