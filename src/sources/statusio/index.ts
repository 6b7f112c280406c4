import { z } from "zod";
import { invalidPayload, SourceError } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind, underBase } from "../types";
import { parseStatusio } from "./parse";

export interface StatusioOptions {
  /** The page's 24-hex id (in its RSS link `/pages/<id>/rss`); not needed when the URL is the API URL. */
  pageId?: string;
  /** Where the public API lives; `https://api.status.io` unless a test or proxy says otherwise. */
  apiBase?: string;
}

const API_BASE = "https://api.status.io";

/** The API URL the entry names: its own URL when it is one, else `<apiBase>/1.0/status/<pageId>`. */
export function statusioApiUrl(url: string, options: StatusioOptions): string {
  if (/\/1\.0\/status\/[^/]+\/?$/.test(url)) return url;
  if (!options.pageId) throw new SourceError("invalid_config", "a status.io entry needs options.pageId or the API URL …/1.0/status/<page id>");
  return underBase(options.apiBase ?? API_BASE, `1.0/status/${encodeURIComponent(options.pageId)}`);
}

export const statusio: SourceKind<StatusioOptions> = {
  kind: "statusio",
  options: z
    .object({
      pageId: z
        .string()
        .regex(/^[A-Za-z0-9]{1,64}$/)
        .optional(),
      apiBase: z.string().url().optional(),
    })
    .strict() as z.ZodType<StatusioOptions>,
  async poll(entry, ctx) {
    const url = statusioApiUrl(entry.url, entry.options);
    const fetched = await fetchDocuments(ctx, [{ url, accept: "application/json" }]);
    if (fetched.kind === "unchanged") return fetched;
    const doc = jsonDocument(fetched.documents, url, "status.io status");
    if (doc === undefined) throw invalidPayload("status.io status is missing");
    return { kind: "snapshot", snapshot: parseStatusio(doc, entry.url), validators: fetched.validators };
  },
};
