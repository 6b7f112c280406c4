import http from "node:http";
import https from "node:https";
import { decodeBody } from "./decode-body";
import { SourceError } from "./errors";
import { isPrivateHost } from "./private-address";

export interface HttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  retries: number;
  retryBaseMs: number;
  userAgent: string;
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
const MAX_REDIRECTS = 5;

/** Why a redirect may not be followed, or undefined when it may. Pure. */
export function redirectProblem(startedPrivate: boolean, next: URL): string | undefined {
  if (next.protocol !== "http:" && next.protocol !== "https:") return "a non-http(s) URL";
  if (!startedPrivate && isPrivateHost(next.hostname)) return "a private address";
  return undefined;
}

/** Exponential backoff with full jitter, capped at 30 s. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** One synthetic request: how the endpoint answered, or why it did not. */
export interface ProbeResult {
  status?: number;
  ms: number;
  error?: string;
}

/** HTTP GET with conditional validators, a timeout, a body cap, and retries for transient failures. */
export class HttpFetcher {
  constructor(private readonly opts: HttpOptions) {}

  /**
   * One request on a fresh connection, no retries, redirects not followed, the body discarded:
   * what a new client would see right now. Never throws; a failure is part of the result.
   */
  probe(url: string, opts: { method: "GET" | "HEAD"; timeoutMs: number }): Promise<ProbeResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: Omit<ProbeResult, "ms">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, ms: elapsed() });
      };
      let req: http.ClientRequest;
      try {
        const target = new URL(url);
        const client = target.protocol === "https:" ? https : http;
        req = client.request(target, { method: opts.method, agent: false, headers: { "user-agent": this.opts.userAgent } }, (res) => {
          res.resume();
          finish({ status: res.statusCode });
        });
      } catch (err) {
        return void finish({ error: (err as Error).message });
      }
      timer = setTimeout(() => {
        finish({ error: `timeout after ${opts.timeoutMs} ms` });
        req.destroy();
      }, opts.timeoutMs);
      req.on("error", (err: NodeJS.ErrnoException) => finish({ error: err.code ?? err.message }));
      req.end();
    });
  }

  /**
   * Follows redirects itself: at most MAX_REDIRECTS, only to http(s), and never from a public host to
   * this machine, a private network or a metadata service, so a public page cannot point the poller
   * at internal services.
   */
  private async fetchFollowing(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    let current = new URL(url);
    const startedPrivate = isPrivateHost(current.hostname);
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetch(current, { headers, signal, redirect: "manual" });
      } catch (err) {
        if (signal.aborted) throw new SourceError("timeout", `no answer from ${url} within ${this.opts.timeoutMs} ms`);
        throw new SourceError("unreachable", `${url}: ${networkReason(err)}`);
      }
      const location = res.status >= 300 && res.status < 400 && res.status !== 304 ? res.headers.get("location") : null;
      if (!location) return res;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new SourceError("http_status", `${url} redirected more than ${MAX_REDIRECTS} times`, false);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new SourceError("http_status", `${url} redirected to an invalid URL`, false);
      }
      const problem = redirectProblem(startedPrivate, next);
      if (problem) throw new SourceError("http_status", `${url} redirected to ${problem}; refused`, false);
      current = next;
    }
  }

  async get(req: FetchRequest): Promise<FetchResult> {
    let lastError: SourceError | undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) await sleep(lastError?.retryAfterMs ?? backoffMs(attempt - 1, this.opts.retryBaseMs));
      try {
        return await this.once(req);
      } catch (err) {
        lastError = err instanceof SourceError ? err : new SourceError("unreachable", String(err));
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

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      const res = await this.fetchFollowing(req.url, headers, controller.signal);
      const validators: Validators = {
        etag: res.headers.get("etag") ?? undefined,
        lastModified: res.headers.get("last-modified") ?? undefined,
      };
      if (res.status === 304) {
        await res.body?.cancel();
        return { kind: "not_modified", url: req.url, validators: { ...req.validators, ...stripEmpty(validators) } };
      }
      if (res.status === 404 && req.optional) {
        await res.body?.cancel();
        return { kind: "absent", url: req.url };
      }
      if (!res.ok) {
        await res.body?.cancel();
        const transient = res.status >= 500 || res.status === 429 || res.status === 408;
        throw new SourceError("http_status", `${req.url} answered HTTP ${res.status}`, transient, retryAfter(res.headers.get("retry-after")));
      }
      const body = await readCapped(res, this.opts.maxBodyBytes, req.url, () => controller.signal.aborted, this.opts.timeoutMs);
      return { kind: "body", url: req.url, body, contentType: res.headers.get("content-type") ?? "", validators };
    } finally {
      clearTimeout(timer);
    }
  }
}

function stripEmpty(v: Validators): Validators {
  const out: Validators = {};
  if (v.etag) out.etag = v.etag;
  if (v.lastModified) out.lastModified = v.lastModified;
  return out;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(60_000, Math.max(0, date - Date.now()));
}

async function readCapped(res: Response, cap: number, url: string, aborted: () => boolean, timeoutMs: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel();
    throw new SourceError("too_large", `${url} sent ${declared} bytes, more than the ${cap}-byte limit`, false);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel();
        throw new SourceError("too_large", `${url} sent more than the ${cap}-byte limit`, false);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    if (aborted()) throw new SourceError("timeout", `${url} did not finish its body within ${timeoutMs} ms`);
    throw new SourceError("unreachable", `${url}: body interrupted (${networkReason(err)})`);
  }
  return decodeBody(Buffer.concat(chunks), res.headers.get("content-type") ?? "");
}
