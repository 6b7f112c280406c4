import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, type SourceKind } from "../types";
import { type AwsOptions, parseAws } from "./parse";

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
