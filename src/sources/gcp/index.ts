import { z } from "zod";
import { invalidPayload } from "../errors";
import { parseJson } from "../parse/parse-helpers";
import { fetchDocuments, type SourceKind } from "../types";
import { type GcpOptions, parseGcpIncidents } from "./parse";

export const gcp: SourceKind<GcpOptions> = {
  kind: "gcp",
  options: z.object({ products: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional() }).strict() as z.ZodType<GcpOptions>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [{ url: entry.url, accept: "application/json" }]);
    if (fetched.kind === "unchanged") return fetched;
    const text = fetched.documents.get(entry.url);
    if (text === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    return { kind: "snapshot", snapshot: parseGcpIncidents(parseJson(text, "incidents.json"), entry.options), validators: fetched.validators };
  },
};
