import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind, underBase } from "../types";
import { parseOpenstatus } from "./parse";

export const openstatus: SourceKind<object> = {
  kind: "openstatus",
  options: z.object({}).strict(),
  async poll(entry, ctx) {
    const url = underBase(entry.url, "feed/json");
    const fetched = await fetchDocuments(ctx, [{ url, accept: "application/json" }]);
    if (fetched.kind === "unchanged") return fetched;
    const doc = jsonDocument(fetched.documents, url, "OpenStatus feed/json");
    if (doc === undefined) throw invalidPayload("OpenStatus feed/json is missing");
    return { kind: "snapshot", snapshot: parseOpenstatus(doc, entry.url, ctx.now), validators: fetched.validators };
  },
};
