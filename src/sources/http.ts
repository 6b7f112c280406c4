import http from "node:http";
import https from "node:https";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
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
  private readonly httpAgent = new http.Agent({ keepAlive: true, scheduling: "lifo" });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, scheduling: "lifo" });

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
  private async fetchFollowing(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<http.IncomingMessage> {
    let current = new URL(url);
    const startedPrivate = isPrivateHost(current.hostname);
    for (let hop = 0; ; hop++) {
      let res: http.IncomingMessage;
      try {
        res = await this.request(current, headers, signal);
      } catch (err) {
        if (signal.aborted) throw new SourceError("timeout", `no answer from ${url} within ${this.opts.timeoutMs} ms`);
        throw new SourceError("unreachable", `${url}: ${networkReason(err)}`);
      }
      const status = res.statusCode ?? 0;
      const location = status >= 300 && status < 400 && status !== 304 ? header(res, "location") : undefined;
      if (!location) return res;
      res.resume();
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

  /**
   * One GET on a kept-alive connection. node:http rather than fetch: a poll cycle makes thousands
   * of these, and fetch's streams and objects cost about three times the time and the heap.
   */
  private request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<http.IncomingMessage> {
    if (url.protocol !== "http:" && url.protocol !== "https:") return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const client = url.protocol === "https:" ? https : http;
    const agent = url.protocol === "https:" ? this.httpsAgent : this.httpAgent;
    return new Promise((resolve, reject) => {
      try {
        const req = client.get(url, { agent, headers, signal }, resolve);
        req.on("error", reject);
      } catch (err) {
        reject(err);
      }
    });
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
      "accept-encoding": "gzip, deflate, br",
    };
    if (req.validators?.etag) headers["if-none-match"] = req.validators.etag;
    if (req.validators?.lastModified) headers["if-modified-since"] = req.validators.lastModified;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      const res = await this.fetchFollowing(req.url, headers, controller.signal);
      const status = res.statusCode ?? 0;
      const validators: Validators = { etag: header(res, "etag"), lastModified: header(res, "last-modified") };
      if (status === 304) {
        res.resume();
        return { kind: "not_modified", url: req.url, validators: { ...req.validators, ...stripEmpty(validators) } };
      }
      if (status === 404 && req.optional) {
        res.resume();
        return { kind: "absent", url: req.url };
      }
      if (status < 200 || status > 299) {
        res.resume();
        const transient = status >= 500 || status === 429 || status === 408;
        throw new SourceError("http_status", `${req.url} answered HTTP ${status}`, transient, retryAfter(header(res, "retry-after") ?? null));
      }
      const body = await readCapped(res, this.opts.maxBodyBytes, req.url, () => controller.signal.aborted, this.opts.timeoutMs);
      return { kind: "body", url: req.url, body, contentType: header(res, "content-type") ?? "", validators };
    } finally {
      clearTimeout(timer);
    }
  }
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function stripEmpty(v: Validators): Validators {
  const out: Validators = {};
  if (v.etag) out.etag = v.etag;
  if (v.lastModified) out.lastModified = v.lastModified;
  return out;
}

function networkReason(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  return e?.code ?? e?.cause?.code ?? e?.cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(60_000, Math.max(0, date - Date.now()));
}

/** The body as text, decompressed, refused once it passes `cap` bytes (compressed or not). */
async function readCapped(res: http.IncomingMessage, cap: number, url: string, aborted: () => boolean, timeoutMs: number): Promise<string> {
  const declared = Number(header(res, "content-length"));
  if (Number.isFinite(declared) && declared > cap) {
    res.destroy();
    throw new SourceError("too_large", `${url} sent ${declared} bytes, more than the ${cap}-byte limit`, false);
  }
  const body = decompressed(res);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).byteLength;
      if (total > cap) {
        res.destroy();
        throw new SourceError("too_large", `${url} sent more than the ${cap}-byte limit`, false);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    res.destroy();
    if (aborted()) throw new SourceError("timeout", `${url} did not finish its body within ${timeoutMs} ms`);
    throw new SourceError("unreachable", `${url}: body interrupted (${networkReason(err)})`);
  }
  return decodeBody(Buffer.concat(chunks), header(res, "content-type") ?? "");
}

function decompressed(res: http.IncomingMessage): Readable {
  const encoding = (header(res, "content-encoding") ?? "").trim().toLowerCase();
  const inflate =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!inflate) return res;
  // pipeline forwards an error of either side to the stream being read; the caller destroys the response.
  pipeline(res, inflate, () => {});
  return inflate;
}
