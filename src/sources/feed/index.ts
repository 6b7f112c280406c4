import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, type SourceKind } from "../types";
import { type FeedOptions, parseFeed } from "./parse";

const feedOptions = z
  .object({
    maintenancePattern: z
      .string()
      .refine((s) => {
        try {
          new RegExp(s, "i");
          return true;
        } catch {
          return false;
        }
      }, "maintenancePattern is not a valid regular expression")
      .optional(),
  })
  .strict();

export const feed: SourceKind<FeedOptions> = {
  kind: "feed",
  options: feedOptions as z.ZodType<FeedOptions>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [
      { url: entry.url, accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5" },
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const text = fetched.documents.get(entry.url);
    if (text === undefined) throw invalidPayload(`${entry.url} sent no feed`);
    return { kind: "snapshot", snapshot: await parseFeed(text, entry.options), validators: fetched.validators };
  },
};
