import type { Snapshot } from "../../domain/snapshot";
import { literalProblem, underAllowlist } from "../../net";
import { describeError } from "../errors";
import { readFeed } from "../feed/document";
import type { HttpFetcher } from "../fetch/http";
import { parseJson } from "../parse/parse-helpers";
import { sourceKind } from "../registry";
import { underBase } from "../types";
import { kumaTarget } from "../uptimekuma";
import {
  feedLinks,
  looksLikeBetterstack,
  looksLikeCachet,
  looksLikeIncidentioWidget,
  looksLikeInstatus,
  looksLikeOpenstatus,
  looksLikeStatusio,
  looksLikeStatuspageSummary,
  looksLikeUptimeKuma,
  mentionsIncidentio,
  type Recogniser,
  statusioPageId,
} from "./signatures";

/** One thing detection tried: a kind's well-known document, and what came of it. */
export interface Attempt {
  kind: string;
  url: string;
  outcome: string;
}

export interface Detected {
  ok: true;
  kind: string;
  /** The URL to store for the provider (the page, or the feed it links). */
  url: string;
  options: Record<string, unknown>;
  evidence: string;
  snapshot: Snapshot;
  tried: Attempt[];
}

export interface NotDetected {
  ok: false;
  /** Set when the URL itself was refused before anything was fetched. */
  refused?: string;
  tried: Attempt[];
}

export interface DetectOptions {
  /** Built with `trustPageOrigin: false` and SOURCE_ALLOWLIST: a typed URL is not trusted. */
  http: HttpFetcher;
  allowlist?: readonly string[];
  now?: Date;
  /** status.io's API origin (tests point it at a local server). */
  statusioApiBase?: string;
}

interface Candidate {
  kind: string;
  url: string;
  recognise: Recogniser | "feed";
  options?: Record<string, unknown>;
  /** The URL the provider is stored under when this candidate fits; the page by default. */
  entryUrl?: string;
}

type Fetched = { kind: "body"; body: string } | { kind: "absent" } | { kind: "error"; message: string };

/** A typed URL as a page base: http(s) only, no credentials; query and fragment dropped, since every kind's documents are paths under it. */
export function normalizePageUrl(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password) return undefined;
  u.hash = "";
  u.search = "";
  return u.href.replace(/\/+$/, "");
}

/**
 * Finds which kind a status page is by fetching the well-known documents of every kind at once,
 * then, in a fixed order of specificity, polls the first kind whose document fits. A kind whose
 * poll fails is noted and the next fitting kind is tried. Returns everything it tried either way.
 */
export async function detectSource(rawUrl: string, opts: DetectOptions): Promise<Detected | NotDetected> {
  const page = normalizePageUrl(rawUrl);
  if (!page) return { ok: false, refused: "the URL must be an absolute http(s) URL without credentials", tried: [] };
  const host = new URL(page).hostname;
  const literal = literalProblem(host);
  if (literal && !underAllowlist(page, opts.allowlist ?? [])) return { ok: false, refused: `${literal.message} (not under SOURCE_ALLOWLIST)`, tried: [] };

  const tried: Attempt[] = [];
  const cache = new Map<string, Promise<Fetched>>();
  const fetchOnce = (url: string, accept: string): Promise<Fetched> => {
    let p = cache.get(url);
    if (!p) {
      p = opts.http.get({ url, accept, optional: true }).then(
        (r): Fetched => (r.kind === "body" ? { kind: "body", body: r.body } : { kind: "absent" }),
        (err): Fetched => ({ kind: "error", message: describeError(err) }),
      );
      cache.set(url, p);
    }
    return p;
  };
  const JSON_ACCEPT = "application/json, application/vnd.api+json;q=0.9";

  const kuma = (() => {
    try {
      return /\/status\/[^/]+\/?$/.test(new URL(page).pathname) ? kumaTarget(page, {}) : undefined;
    } catch {
      return undefined;
    }
  })();
  const fixed: Candidate[] = [
    { kind: "incidentio", url: underBase(page, "api/v1/summary"), recognise: looksLikeIncidentioWidget },
    { kind: "statuspage", url: underBase(page, "api/v2/summary.json"), recognise: looksLikeStatuspageSummary },
    { kind: "instatus", url: underBase(page, "summary.json"), recognise: looksLikeInstatus },
    { kind: "betterstack", url: underBase(page, "index.json"), recognise: looksLikeBetterstack },
    { kind: "cachet", url: underBase(page, "api/v1/components"), recognise: looksLikeCachet },
    { kind: "openstatus", url: underBase(page, "feed/json"), recognise: looksLikeOpenstatus },
    ...(kuma ? [{ kind: "uptimekuma", url: `${kuma.base}/api/status-page/${encodeURIComponent(kuma.slug)}`, recognise: looksLikeUptimeKuma }] : []),
  ];
  // Every well-known document is requested at once; the page itself too, for links and hints.
  const pageDoc = fetchOnce(page, "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml;q=0.9, */*;q=0.5");
  for (const c of fixed) void fetchOnce(c.url, JSON_ACCEPT);
  const pageResult = await pageDoc;
  const html = pageResult.kind === "body" ? pageResult.body : "";
  tried.push({
    kind: "page",
    url: page,
    outcome: pageResult.kind === "body" ? "fetched (read for feed links and product hints)" : pageResult.kind === "absent" ? "404" : pageResult.message,
  });

  const candidates: Candidate[] = [...fixed];
  const statusioId = statusioPageId(html);
  if (statusioId) {
    const apiBase = opts.statusioApiBase ?? "https://api.status.io";
    const api = underBase(apiBase, `1.0/status/${statusioId}`);
    // Stored as the API URL, which carries the page id: a provider row has no column for kind options.
    candidates.push({ kind: "statusio", url: api, recognise: looksLikeStatusio, entryUrl: api });
  } else {
    tried.push({
      kind: "statusio",
      url: page,
      outcome: html ? "the page names no status.io page id (/pages/<id>/…)" : "needs the page's HTML, which could not be read",
    });
  }
  // The page may itself be a feed; otherwise the feeds it links.
  const feeds = html.trimStart().startsWith("<?xml") || /^<(?:rss|feed)\b/.test(html.trimStart()) ? [page] : feedLinks(html, page);
  for (const f of feeds) candidates.push({ kind: "feed", url: f, recognise: "feed", entryUrl: f });
  if (feeds.length === 0)
    tried.push({
      kind: "feed",
      url: page,
      outcome: html ? 'the page links no RSS/Atom feed (<link rel="alternate">)' : "needs the page's HTML, which could not be read",
    });

  for (const c of candidates) {
    const got = await fetchOnce(c.url, c.recognise === "feed" ? "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5" : JSON_ACCEPT);
    if (got.kind !== "body") {
      tried.push({ kind: c.kind, url: c.url, outcome: got.kind === "absent" ? "404" : got.message });
      continue;
    }
    let evidence: string | undefined;
    if (c.recognise === "feed") {
      try {
        const doc = await readFeed(got.body, c.url);
        evidence = `${c.url === page ? "the URL is" : "the page links"} an RSS/Atom feed (${doc.items.length} items)`;
      } catch (err) {
        tried.push({ kind: c.kind, url: c.url, outcome: describeError(err) });
        continue;
      }
    } else {
      let doc: unknown;
      try {
        doc = parseJson(got.body, c.url);
      } catch {
        tried.push({ kind: c.kind, url: c.url, outcome: "not JSON" });
        continue;
      }
      evidence = c.recognise(doc);
      if (!evidence) {
        tried.push({ kind: c.kind, url: c.url, outcome: "JSON, but not this product's shape" });
        continue;
      }
    }
    // incident.io serves a Statuspage-compatible summary too; its own name on the page decides.
    const kind = c.kind === "statuspage" && mentionsIncidentio(html) ? "incidentio" : c.kind;
    if (kind !== c.kind) evidence += "; the page names incident.io, whose pages serve that summary too";
    const result = await pollOnce(kind, c.entryUrl ?? page, c.options ?? {}, opts);
    if (result.ok) {
      tried.push({ kind, url: c.url, outcome: `fits: ${evidence}` });
      return { ok: true, kind, url: c.entryUrl ?? page, options: c.options ?? {}, evidence: `${c.url} ${evidence}`, snapshot: result.snapshot, tried };
    }
    tried.push({ kind, url: c.url, outcome: `${evidence}, but polling it failed: ${result.error}` });
  }
  return { ok: false, tried };
}

async function pollOnce(
  kind: string,
  url: string,
  options: Record<string, unknown>,
  opts: DetectOptions,
): Promise<{ ok: true; snapshot: Snapshot } | { ok: false; error: string }> {
  const source = sourceKind(kind);
  if (!source) return { ok: false, error: `no source kind ${kind}` };
  try {
    const parsed = source.options.parse(options);
    const result = await source.poll(
      { id: "detect", name: "detect", kind, url, pollIntervalSeconds: 60, options: parsed },
      { http: opts.http, validators: {}, now: opts.now ?? new Date() },
    );
    if (result.kind !== "snapshot") return { ok: false, error: "the page answered 304 to a request without validators" };
    return { ok: true, snapshot: result.snapshot };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}
