import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind, underBase } from "../types";
import { parseBetterstack } from "./parse";

export const betterstack: SourceKind<object> = {
  kind: "betterstack",
  options: z.object({}).strict(),
  async poll(entry, ctx) {
    const url = underBase(entry.url, "index.json");
    const fetched = await fetchDocuments(ctx, [{ url, accept: "application/vnd.api+json, application/json" }]);
    if (fetched.kind === "unchanged") return fetched;
    const doc = jsonDocument(fetched.documents, url, "Better Stack index.json");
    if (doc === undefined) throw invalidPayload("Better Stack index.json is missing");
    return { kind: "snapshot", snapshot: parseBetterstack(doc, entry.url, ctx.now), validators: fetched.validators };
  },
};
