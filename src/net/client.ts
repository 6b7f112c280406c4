import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { type AddressOptions, type Nat64Prefix, parseNat64Prefix } from "./address-policy";
import { underAllowlist } from "./allowlist";
import { discard, readBody } from "./body";
import { Deadline } from "./deadline";
import { NetError, networkCode } from "./errors";
import { bareHost, connectorFor, literalProblem, resolvedProblem } from "./guard";
import { Limiter } from "./limiter";
import { systemResolver, type Resolver } from "./resolve";

/**
 * Which destinations skip the address check. Nothing is trusted by default: every connection is
 * checked on the address DNS returned, at connect time.
 */
export interface NetPolicy {
  /** URL prefixes the operator allowed (WEBHOOK_ALLOWLIST, SOURCE_ALLOWLIST), as `allowlistPrefix` returns them. */
  allowlist?: readonly string[];
  /**
   * Origins the operator configured (a catalog entry's URL): called as written even on a private
   * network, but what they redirect to elsewhere is checked like any other URL.
   */
  trustedOrigins?: readonly string[];
}

export interface NetRequest {
  method?: "GET" | "HEAD" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange: every hop and the body. */
  timeoutMs: number;
  /** A larger 2xx body fails with `too_large`; other statuses keep at most ERROR_BODY_BYTES of theirs. */
  maxBodyBytes: number;
  policy?: NetPolicy;
  /** Follow redirects (the default, at most MAX_REDIRECTS); false returns the 3xx itself. */
  followRedirects?: boolean;
  /** A connection of its own, closed afterwards: what a new client would see now (probes). */
  freshConnection?: boolean;
  /** Answer as soon as the status and headers arrive; the body is thrown away unread. */
  discardBody?: boolean;
}

export interface NetResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface NetClientOptions {
  /** Requests in flight at once across every caller (HTTP_CONCURRENCY). */
  concurrency?: number;
  resolver?: Resolver;
  userAgent?: string;
  /** NAT64_ALLOWLIST: NAT64 prefixes (CIDR) whose addresses are judged by the IPv4 address they carry. */
  nat64Allowlist?: readonly string[];
}

export const MAX_REDIRECTS = 5;
const ERROR_BODY_BYTES = 16 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether a URL skips the connect-time check under a policy. */
export function isTrusted(url: URL, policy: NetPolicy | undefined): boolean {
  if (!policy) return false;
  if (policy.trustedOrigins?.includes(url.origin)) return true;
  return !!policy.allowlist?.length && underAllowlist(url, policy.allowlist);
}

/**
 * The one way statuswatch calls out over HTTP: sources, probes and notification channels. Redirects
 * are followed here (each hop checked again), with one deadline, a body cap and a global limit on
 * requests in flight.
 */
export class NetClient {
  private readonly resolver: Resolver;
  private readonly guarded: Agent;
  private readonly trusted: Agent;
  private readonly limiter: Limiter;
  private readonly userAgent?: string;
  private readonly addressOptions: AddressOptions;

  constructor(opts: NetClientOptions = {}) {
    this.resolver = opts.resolver ?? systemResolver;
    this.addressOptions = { nat64: (opts.nat64Allowlist ?? []).map(nat64Prefix) };
    this.guarded = new Agent({ connect: connectorFor(this.resolver, true, this.addressOptions) });
    this.trusted = new Agent({ connect: connectorFor(this.resolver, false) });
    this.limiter = new Limiter(opts.concurrency ?? 64);
    this.userAgent = opts.userAgent;
  }

  /** Requests running and waiting for a slot under the concurrency limit. */
  get load(): { running: number; queued: number } {
    return { running: this.limiter.running, queued: this.limiter.queued };
  }

  /**
   * Whether a URL may be called under a policy, judged now by its text and its DNS answers: for
   * checking a user-supplied URL when it is submitted. The check at connect time still applies.
   * With `resolveTimeoutMs`, a lookup that takes longer is a `timeout` NetError (it is left to finish unheard).
   */
  async check(url: string, policy?: NetPolicy, opts: { resolveTimeoutMs?: number } = {}): Promise<NetError | undefined> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return new NetError("invalid_url", "not a URL");
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") return new NetError("invalid_url", "not an http(s) URL");
    if (isTrusted(u, policy)) return undefined;
    const literal = literalProblem(u.hostname, this.addressOptions);
    if (literal) return literal;
    const host = bareHost(u.hostname);
    if (/^[\d.]+$|:/.test(host)) return undefined;
    try {
      return resolvedProblem(host, await within(this.resolver(host), opts.resolveTimeoutMs, host), this.addressOptions);
    } catch (err) {
      if (err instanceof NetError) return err;
      const code = (err as { code?: string }).code;
      return new NetError("unreachable", `${host} could not be resolved (${code ?? String(err)})`, code);
    }
  }

  request(url: string, req: NetRequest): Promise<NetResponse> {
    return this.limiter.run(() => this.exchange(url, req));
  }

  async close(): Promise<void> {
    await Promise.all([this.guarded.close(), this.trusted.close()]);
  }

  private async exchange(url: string, req: NetRequest): Promise<NetResponse> {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new NetError("invalid_url", `${url} is not a URL`);
    }
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new NetError("invalid_url", `${url} is not an http(s) URL`);
    const deadline = new Deadline(req.timeoutMs);
    try {
      const headers: Record<string, string> = { ...(this.userAgent ? { "user-agent": this.userAgent } : {}), ...req.headers };
      let method = req.method ?? "GET";
      let body = req.body;
      for (let hop = 0; ; hop++) {
        const res = await this.send(
          current,
          { method, headers, body, signal: deadline.signal, fresh: req.freshConnection === true, policy: req.policy },
          url,
          req.timeoutMs,
        );
        const location = REDIRECTS.has(res.statusCode) ? headerValue(res.headers.location) : undefined;
        if (!location || req.followRedirects === false) return await this.finish(current, res, req, url, deadline);
        await discard(res.body);
        if (hop >= MAX_REDIRECTS) throw new NetError("redirect", `${url} redirected more than ${MAX_REDIRECTS} times`);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new NetError("redirect", `${url} redirected to an invalid URL`);
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") throw new NetError("redirect", `${url} redirected to a non-http(s) URL; refused`);
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
          method = method === "HEAD" ? "HEAD" : "GET";
          body = undefined;
          delete headers["content-type"];
        }
        if (next.origin !== current.origin) {
          delete headers.authorization;
          delete headers.cookie;
        }
        current = next;
      }
    } finally {
      deadline.release();
    }
  }

  private async send(
    url: URL,
    o: { method: string; headers: Record<string, string>; body?: string | Buffer; signal: AbortSignal; fresh: boolean; policy?: NetPolicy },
    original: string,
    timeoutMs: number,
  ): Promise<Dispatcher.ResponseData> {
    const check = !isTrusted(url, o.policy);
    const own = o.fresh ? new Agent({ connect: connectorFor(this.resolver, check, this.addressOptions), pipelining: 0 }) : undefined;
    const dispatcher = own ?? (check ? this.guarded : this.trusted);
    try {
      const res = await undiciRequest(url, { method: o.method as Dispatcher.HttpMethod, headers: o.headers, body: o.body, signal: o.signal, dispatcher });
      if (own) res.body.once("close", () => void own.close().catch(() => undefined));
      return res;
    } catch (err) {
      if (own) void own.destroy().catch(() => undefined);
      throw asNetError(err, original, url, o.signal, timeoutMs);
    }
  }

  private async finish(url: URL, res: Dispatcher.ResponseData, req: NetRequest, original: string, deadline: Deadline): Promise<NetResponse> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    if (req.discardBody) {
      // Read on after the answer: still bounded by the exchange's deadline.
      deadline.holdUntil(discard(res.body));
      return { url: url.href, status: res.statusCode, headers, body: Buffer.alloc(0) };
    }
    if (req.method === "HEAD" || res.statusCode === 304 || res.statusCode === 204) {
      await discard(res.body);
      return { url: url.href, status: res.statusCode, headers, body: Buffer.alloc(0) };
    }
    const cap = ok ? req.maxBodyBytes : Math.min(req.maxBodyBytes, ERROR_BODY_BYTES);
    const declared = Number(headers["content-length"]);
    if (ok && Number.isFinite(declared) && declared > cap) {
      await discard(res.body);
      throw new NetError("too_large", `${original} sent ${declared} bytes, more than the ${cap}-byte limit`);
    }
    const body = await readBody(res.body, { cap, failOverCap: ok, url: original, deadline: deadline.signal, timeoutMs: req.timeoutMs });
    return { url: url.href, status: res.statusCode, headers, body };
  }
}

/** `p`, or a `timeout` NetError once `ms` have passed without it. */
function within<T>(p: Promise<T>, ms: number | undefined, host: string): Promise<T> {
  if (!ms) return p;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetError("timeout", `${host} did not resolve within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function nat64Prefix(text: string): Nat64Prefix {
  const p = parseNat64Prefix(text);
  if (!p) throw new Error(`NAT64_ALLOWLIST: ${text} is not an IPv6 prefix of an RFC 6052 length (/32, /40, /48, /56, /64, /96)`);
  return p;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function asNetError(err: unknown, original: string, url: URL, signal: AbortSignal, timeoutMs: number): NetError {
  if (err instanceof NetError) {
    // Blocked at connect: say which URL led there when a redirect did.
    return url.href === new URL(original).href ? err : new NetError(err.kind, `${original} led to ${url.href}: ${err.message}`, err.code);
  }
  if (signal.aborted) return new NetError("timeout", `no answer from ${original} within ${timeoutMs} ms`);
  const code = networkCode(err);
  return new NetError("unreachable", `${original}: ${code ?? (err instanceof Error ? err.message : String(err))}`, code);
}
