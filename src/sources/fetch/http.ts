import { NetClient, NetError, parseRetryAfter, retryDelayMs, type NetPolicy } from "../../net";
import { decodeBody } from "./decode-body";
import { SourceError, type SourceErrorKind } from "../errors";

export interface HttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  retries: number;
  retryBaseMs: number;
  userAgent: string;
  /** SOURCE_ALLOWLIST: prefixes a page may also redirect to without the address check. */
  allowlist?: readonly string[];
  /**
   * False for URLs a user typed (detection, POST /api/v1/providers): the page's own origin then gets
   * the address check too, so only SOURCE_ALLOWLIST opens a private or loopback address. Default true.
   */
  trustPageOrigin?: boolean;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { kind: "body"; url: string; body: string; contentType: string; validators: Validators }
  | { kind: "not_modified"; url: string; validators: Validators }
  | { kind: "absent"; url: string };

export interface FetchRequest {
  url: string;
  validators?: Validators;
  /** A 404 means "this page has no such document" rather than a failure. */
  optional?: boolean;
  accept?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRY_MAX_MS = 30_000;
/** A page asking for a longer pause than this is retried at the next poll instead. */
const RETRY_AFTER_CAP_MS = 60_000;

/** One synthetic request: how the endpoint answered, or why it did not. */
export interface ProbeResult {
  status?: number;
  ms: number;
  error?: string;
}

const KIND_OF: Record<NetError["kind"], SourceErrorKind> = {
  blocked: "http_status",
  redirect: "http_status",
  invalid_url: "invalid_config",
  timeout: "timeout",
  unreachable: "unreachable",
  too_large: "too_large",
};

function asSourceError(err: unknown, url: string): SourceError {
  if (err instanceof SourceError) return err;
  if (err instanceof NetError) return new SourceError(KIND_OF[err.kind], err.message, err.retryable);
  return new SourceError("unreachable", `${url}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Status-page GETs with conditional validators and retries for transient failures, over the shared
 * NetClient (timeouts, body cap, redirects re-checked at connect time). The operator configured the
 * URL, so its own origin is called as written (a page on this machine or a private network works);
 * a redirect to any other origin must pass the address check unless SOURCE_ALLOWLIST allows it.
 */
export class HttpFetcher {
  private readonly net: NetClient;

  constructor(
    private readonly opts: HttpOptions,
    net?: NetClient,
  ) {
    this.net = net ?? new NetClient({ userAgent: opts.userAgent });
  }

  /**
   * The same client for URLs a page's content leads to (detection of a watched page): no retries,
   * and only SOURCE_ALLOWLIST plus `prefixes` (the page the operator configured) skip the address check.
   */
  untrustedWith(prefixes: readonly string[]): HttpFetcher {
    return new HttpFetcher({ ...this.opts, retries: 0, trustPageOrigin: false, allowlist: [...(this.opts.allowlist ?? []), ...prefixes] }, this.net);
  }

  private policy(url: string): NetPolicy {
    if (this.opts.trustPageOrigin === false) return { allowlist: this.opts.allowlist };
    let origin: string[] = [];
    try {
      origin = [new URL(url).origin];
    } catch {
      // The client reports the invalid URL.
    }
    return { trustedOrigins: origin, allowlist: this.opts.allowlist };
  }

  /**
   * One request on a fresh connection, no retries, redirects not followed, the body discarded:
   * what a new client would see right now. Never throws; a failure is part of the result.
   */
  async probe(url: string, opts: { method: "GET" | "HEAD"; timeoutMs: number }): Promise<ProbeResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await this.net.request(url, {
        method: opts.method,
        headers: { "user-agent": this.opts.userAgent },
        timeoutMs: opts.timeoutMs,
        maxBodyBytes: 0,
        policy: this.policy(url),
        followRedirects: false,
        freshConnection: true,
        discardBody: true,
      });
      return { status: res.status, ms: elapsed() };
    } catch (err) {
      const e = err as NetError;
      const error = e.kind === "timeout" ? `timeout after ${opts.timeoutMs} ms` : (e.code ?? e.message);
      return { error, ms: elapsed() };
    }
  }

  async get(req: FetchRequest): Promise<FetchResult> {
    let lastError: SourceError | undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0)
        await sleep(retryDelayMs(attempt, this.opts.retryBaseMs, RETRY_MAX_MS, lastError?.retryAfterMs, { retryAfterCapMs: RETRY_AFTER_CAP_MS }));
      try {
        return await this.once(req);
      } catch (err) {
        lastError = asSourceError(err, req.url);
        if (!lastError.retryable) throw lastError;
      }
    }
    throw lastError ?? new SourceError("unreachable", `GET ${req.url} failed`);
  }

  private async once(req: FetchRequest): Promise<FetchResult> {
    const headers: Record<string, string> = {
      "user-agent": this.opts.userAgent,
      accept: req.accept ?? "application/json, application/xml, text/xml, text/html;q=0.9, */*;q=0.8",
    };
    if (req.validators?.etag) headers["if-none-match"] = req.validators.etag;
    if (req.validators?.lastModified) headers["if-modified-since"] = req.validators.lastModified;

    const res = await this.net.request(req.url, {
      headers,
      timeoutMs: this.opts.timeoutMs,
      maxBodyBytes: this.opts.maxBodyBytes,
      policy: this.policy(req.url),
    });
    const validators: Validators = stripEmpty({ etag: res.headers.etag, lastModified: res.headers["last-modified"] });
    if (res.status === 304) return { kind: "not_modified", url: req.url, validators: { ...req.validators, ...validators } };
    if (res.status === 404 && req.optional) return { kind: "absent", url: req.url };
    if (res.status < 200 || res.status >= 300) {
      const transient = res.status >= 500 || res.status === 429 || res.status === 408;
      const wait = parseRetryAfter(res.headers["retry-after"]);
      throw new SourceError(
        "http_status",
        `${req.url} answered HTTP ${res.status}`,
        transient,
        wait === undefined ? undefined : Math.min(wait, RETRY_AFTER_CAP_MS),
        { status: res.status, url: req.url },
      );
    }
    const contentType = res.headers["content-type"] ?? "";
    return { kind: "body", url: req.url, body: decodeBody(res.body, contentType), contentType, validators };
  }
}

function stripEmpty(v: Validators): Validators {
  const out: Validators = {};
  if (v.etag) out.etag = v.etag;
  if (v.lastModified) out.lastModified = v.lastModified;
  return out;
}
