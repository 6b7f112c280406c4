import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, type SourceKind } from "../types";
import { parseAzureFeed } from "./parse";

export const azure: SourceKind<Record<string, never>> = {
  kind: "azure",
  options: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [{ url: entry.url, accept: "application/rss+xml, application/xml;q=0.9, */*;q=0.5" }]);
    if (fetched.kind === "unchanged") return fetched;
    const text = fetched.documents.get(entry.url);
    if (text === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    return { kind: "snapshot", snapshot: await parseAzureFeed(text), validators: fetched.validators };
  },
};
