import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, jsonDocument, underBase, type SourceKind } from "../types";
import { parseStatuspage } from "./parse";

export const statuspage: SourceKind<object> = {
  kind: "statuspage",
  options: z.object({}).strict(),
  async poll(entry, ctx) {
    const urls = {
      summary: underBase(entry.url, "api/v2/summary.json"),
      incidents: underBase(entry.url, "api/v2/incidents.json"),
      maintenances: underBase(entry.url, "api/v2/scheduled-maintenances.json"),
    };
    const fetched = await fetchDocuments(ctx, [
      { url: urls.summary, accept: "application/json" },
      { url: urls.incidents, accept: "application/json", optional: true },
      { url: urls.maintenances, accept: "application/json", optional: true },
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const doc = (url: string, what: string) => jsonDocument(fetched.documents, url, what);
    const summary = doc(urls.summary, "summary.json");
    if (summary === undefined) throw invalidPayload("summary.json is missing");
    const snapshot = parseStatuspage(
      { summary, incidents: doc(urls.incidents, "incidents.json"), maintenances: doc(urls.maintenances, "scheduled-maintenances.json") },
      entry.url,
    );
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
