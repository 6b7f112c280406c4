import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind, underBase } from "../types";
import { parseInstatus } from "./parse";

export const instatus: SourceKind<object> = {
  kind: "instatus",
  options: z.object({}).strict(),
  async poll(entry, ctx) {
    const urls = { summary: underBase(entry.url, "summary.json"), components: underBase(entry.url, "v2/components.json") };
    const fetched = await fetchDocuments(ctx, [
      { url: urls.summary, accept: "application/json" },
      { url: urls.components, accept: "application/json", optional: true },
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const summary = jsonDocument(fetched.documents, urls.summary, "Instatus summary.json");
    if (summary === undefined) throw invalidPayload("Instatus summary.json is missing");
    const snapshot = parseInstatus({ summary, components: jsonDocument(fetched.documents, urls.components, "Instatus components.json") }, entry.url);
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
