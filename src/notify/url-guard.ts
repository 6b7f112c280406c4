import { disguisedHost, isTrusted, literalProblem, type NetError, type NetClient } from "../net";

/** What a channel's URLs are judged against. */
export interface UrlPolicy {
  /** WEBHOOK_ALLOWLIST: URL prefixes allowed whatever their address (local receivers, internal relays). */
  allowlist: readonly string[];
  /** The channel's own service (`hooks.slack.com`, `.pagerduty.com`): when set, only these hosts, over https. */
  trustedHosts?: readonly string[];
}

export type UrlVerdict =
  | { ok: true /** The name's lookup timed out or the resolver failed: not judged now (the connection still is). */; unresolved?: string }
  | { ok: false; reason: string /** Worth trying again later (a name that does not resolve now). */; retryable?: boolean };

function trusted(host: string, hosts: readonly string[]): boolean {
  return hosts.some((h) => (h.startsWith(".") ? host.endsWith(h) && host.length > h.length : host === h));
}

const ALLOW_HINT = " (allow it with WEBHOOK_ALLOWLIST)";

/**
 * The rules a channel URL must meet, judged on its text: an http(s) URL without credentials or
 * encoded slashes, no IP address in disguise (refused even when the canonical one is allowlisted),
 * no private literal or local name (net's `literalProblem`), https, and the vendor's own hosts for
 * vendor channels. WEBHOOK_ALLOWLIST lifts all but the first two. What names resolve to is judged
 * by `guardUrl` at creation and by the NetClient's connector at every connect.
 */
export function urlTextProblem(raw: string, policy: UrlPolicy): string | undefined {
  return textRefusal(raw, policy)?.reason;
}

function textRefusal(raw: string, policy: UrlPolicy): { reason: string; literal?: NetError } | undefined {
  const refuse = (reason: string) => ({ reason });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return refuse("must be an http(s) URL");
  if (url.username || url.password) return refuse("must not carry a user name or password");
  if (/%2f|%5c/i.test(url.pathname)) return refuse("must not contain encoded slashes");
  const canonical = disguisedHost(raw);
  if (canonical) return refuse(`has a host that is an IP address written in disguise (it is ${canonical}); write it as the URL parser does`);
  if (isTrusted(url, { allowlist: policy.allowlist })) return undefined;
  // A disguised or literal private address is named as such, before any rule about hosts.
  const literal = literalProblem(url.hostname);
  if (literal) return { reason: `has a host the address checks refuse: ${literal.message}${ALLOW_HINT}`, literal };
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (policy.trustedHosts) {
    if (url.protocol !== "https:" || !trusted(host, policy.trustedHosts) || url.pathname.length <= 1) {
      return refuse(`must be an https URL on ${policy.trustedHosts.map((h) => (h.startsWith(".") ? `*${h}` : h)).join(" or ")} (or match WEBHOOK_ALLOWLIST)`);
    }
  } else if (url.protocol !== "https:") {
    return refuse("must be an https URL (or match WEBHOOK_ALLOWLIST)");
  }
  return undefined;
}

/** Resolver answers that say nothing about the name (the DNS server is slow or failing), not that it does not exist. */
const DNS_TRANSIENT = new Set(["EAI_AGAIN", "ETIMEOUT", "ESERVFAIL", "ECONNREFUSED", "ECONNRESET", "EREFUSED"]);

/** How long a subscription's creation waits for its target's name to resolve. */
export const CREATE_RESOLVE_TIMEOUT_MS = 3000;

/**
 * The check a channel URL passes when a subscription is created (and the text rules again before
 * every send): `urlTextProblem`, then what the name resolves to now (`NetClient.check`, bounded by
 * `resolveTimeoutMs`). A name that does not exist, or resolves to a refused address, is refused. A
 * lookup that times out or fails for the resolver's own reasons proves nothing either way: the URL
 * passes with `unresolved` set, and the NetClient checks the addresses of every connection anyway,
 * so a name that resolves elsewhere later gains nothing.
 */
export async function guardUrl(raw: string, policy: UrlPolicy, opts: { net?: NetClient; resolveTimeoutMs?: number } = {}): Promise<UrlVerdict> {
  const problem = urlTextProblem(raw, policy);
  if (problem) return { ok: false, reason: problem };
  if (!opts.net) return { ok: true };
  const refused = await opts.net.check(raw, { allowlist: policy.allowlist }, { resolveTimeoutMs: opts.resolveTimeoutMs });
  if (!refused) return { ok: true };
  if (refused.kind === "timeout" || (refused.kind === "unreachable" && refused.code && DNS_TRANSIENT.has(refused.code)))
    return { ok: true, unresolved: refused.message };
  if (refused.kind === "unreachable") return { ok: false, reason: `has a host name that does not resolve: ${refused.message}`, retryable: true };
  // Literals were judged above, so this is what a name resolves to: said without the address, so
  // the API is no oracle for what internal names resolve to.
  const host = new URL(raw).hostname;
  return { ok: false, reason: `has a host the address checks refuse: ${host} resolves to a private, loopback or metadata address; refused${ALLOW_HINT}` };
}

/** Thrown by a guarded fetch for a URL the rules refuse: sending it again will not help. */
export class UrlRefused extends Error {
  override name = "UrlRefused";
  constructor(readonly reason: string) {
    super(`the URL ${reason}`);
  }
}

/** fetch for channels: every call is guarded first, redirects are never followed, each call is bounded in time. */
export type GuardedFetch = (url: string, init: { method?: "GET" | "POST" | "PUT"; headers?: Record<string, string>; body?: string }) => Promise<Response>;

/** A receiver's answer is read up to this size; what a channel keeps of it is far less. */
const ANSWER_BYTES = 256 * 1024;
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The one way a channel reaches the network: the URL's text rules, then the shared NetClient under
 * the WEBHOOK_ALLOWLIST policy, which checks every address it connects to (no second DNS answer an
 * attacker could change between check and connect). A URL the rules refuse is a `UrlRefused`; an
 * address refused (a literal here, or at connect time) is net's `blocked` NetError, thrown as is.
 */
export function guardedFetch(policy: UrlPolicy, timeoutMs: number, net: NetClient): GuardedFetch {
  return async (url, init) => {
    const refused = textRefusal(url, policy);
    if (refused) throw refused.literal ?? new UrlRefused(refused.reason);
    const res = await net.request(url, {
      method: init.method ?? "GET",
      headers: init.headers,
      body: init.body,
      timeoutMs,
      maxBodyBytes: ANSWER_BYTES,
      policy: { allowlist: policy.allowlist },
      followRedirects: false,
    });
    return new Response(NULL_BODY.has(res.status) ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
  };
}
