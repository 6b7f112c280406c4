import { z } from "zod";
import { invalidPayload, SourceError } from "../errors";
import { fetchDocuments, jsonDocument, type SourceKind } from "../types";
import { parseUptimeKuma } from "./parse";

export interface UptimeKumaOptions {
  /** The page's slug; read from a `/status/<slug>` URL when not given. */
  slug?: string;
}

/** The server's base and the page's slug from `https://kuma.example.com/status/<slug>`. */
export function kumaTarget(url: string, options: UptimeKumaOptions): { base: string; slug: string } {
  const u = new URL(url);
  const m = /^(.*?)\/status\/([^/]+)\/?$/.exec(u.pathname);
  const slug = options.slug ?? (m ? decodeURIComponent(m[2]!) : undefined);
  if (!slug) throw new SourceError("invalid_config", "an Uptime Kuma entry needs a /status/<slug> URL or options.slug");
  return { base: u.origin + (m ? m[1] : u.pathname.replace(/\/+$/, "")), slug: slug.toLowerCase() };
}

export const uptimekuma: SourceKind<UptimeKumaOptions> = {
  kind: "uptimekuma",
  options: z
    .object({
      slug: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    })
    .strict() as z.ZodType<UptimeKumaOptions>,
  async poll(entry, ctx) {
    const { base, slug } = kumaTarget(entry.url, entry.options);
    const urls = { page: `${base}/api/status-page/${encodeURIComponent(slug)}`, heartbeats: `${base}/api/status-page/heartbeat/${encodeURIComponent(slug)}` };
    const fetched = await fetchDocuments(ctx, [
      { url: urls.page, accept: "application/json" },
      { url: urls.heartbeats, accept: "application/json" },
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const page = jsonDocument(fetched.documents, urls.page, "Uptime Kuma status page");
    if (page === undefined) throw invalidPayload("Uptime Kuma status page is missing");
    const snapshot = parseUptimeKuma({ page, heartbeats: jsonDocument(fetched.documents, urls.heartbeats, "Uptime Kuma heartbeats") }, entry.url);
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
