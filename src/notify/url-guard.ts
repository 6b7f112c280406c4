import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** What a channel's URLs are judged against. */
export interface UrlPolicy {
  /** WEBHOOK_ALLOWLIST: URL prefixes allowed whatever their address (local receivers, internal relays). */
  allowlist: readonly string[];
  /** The channel's own service (`hooks.slack.com`, `.pagerduty.com`): when set, only these hosts, over https. */
  trustedHosts?: readonly string[];
}

export type UrlVerdict = { ok: true } | { ok: false; reason: string; /** Worth trying again later (a name that does not resolve now). */ retryable?: boolean };

/** Resolves a host name to every address it has; injectable for tests. */
export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["100::", 64],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, bits, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (any valid spelling, dotted tail included). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((g) => parseInt(g, 16));
}

/**
 * Private, loopback, link-local (cloud metadata included), shared, reserved or multicast: nothing a
 * notification may be sent to. IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`,
 * compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) are judged by that address.
 */
export function isBlockedAddress(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) return BLOCKED.check(ip, "ipv4");
  if (version !== 6) return true;
  const g = ipv6Groups(ip);
  const embedsV4 =
    (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
  if (embedsV4) {
    const v4 = [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join(".");
    // `::` and `::1` are themselves v6 loopback/unspecified, caught below; anything else embedded is judged as IPv4.
    if (!(g.slice(0, 7).every((x) => x === 0) && g[7]! <= 1)) return BLOCKED.check(v4, "ipv4");
  }
  return BLOCKED.check(ip, "ipv6");
}

/** Under a WEBHOOK_ALLOWLIST prefix: same origin, path under the prefix's (read as a folder). */
export function allowlisted(url: URL, allowlist: readonly string[]): boolean {
  return allowlist.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    const folder = allowed.pathname.endsWith("/") ? allowed.pathname : `${allowed.pathname}/`;
    return allowed.origin === url.origin && (url.pathname.startsWith(folder) || url.pathname === allowed.pathname);
  });
}

function trusted(host: string, hosts: readonly string[]): boolean {
  return hosts.some((h) => (h.startsWith(".") ? host.endsWith(h) && host.length > h.length : host === h));
}

const PRIVATE_NAME = /(^|\.)(localhost|internal|local|localdomain|home\.arpa)$/;

/**
 * The one check every URL a channel will call passes, at creation and again before every send
 * (the dispatcher and the channels' fetch both call it; there is no other way out).
 * Judged on the URL as it will be called: dot segments resolved, numeric hosts in any spelling
 * normalized by the URL parser (`2130706433`, `0x7f.1`, `127.1` are all 127.0.0.1), and every
 * address the name resolves to. `unresolvedOk` lets a name that does not resolve *now* be stored
 * (it is checked again at send time, where it is a retryable failure).
 */
export async function guardUrl(raw: string, policy: UrlPolicy, opts: { unresolvedOk?: boolean; resolve?: Resolve } = {}): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "must be an http(s) URL" };
  if (url.username || url.password) return { ok: false, reason: "must not carry a user name or password" };
  if (/%2f|%5c/i.test(url.pathname)) return { ok: false, reason: "must not contain encoded slashes" };
  if (allowlisted(url, policy.allowlist)) return { ok: true };
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (policy.trustedHosts) {
    if (url.protocol !== "https:" || !trusted(host, policy.trustedHosts) || url.pathname.length <= 1) {
      return { ok: false, reason: `must be an https URL on ${policy.trustedHosts.map((h) => (h.startsWith(".") ? `*${h}` : h)).join(" or ")} (or match WEBHOOK_ALLOWLIST)` };
    }
  } else if (url.protocol !== "https:") {
    return { ok: false, reason: "must be an https URL (or match WEBHOOK_ALLOWLIST)" };
  }
  const refused = { ok: false as const, reason: "points at a private, loopback or metadata address (allow it with WEBHOOK_ALLOWLIST)" };
  if (isIP(host)) return isBlockedAddress(host) ? refused : { ok: true };
  if (PRIVATE_NAME.test(host) || !host.includes(".")) return refused;
  let addresses: string[];
  try {
    addresses = await (opts.resolve ?? resolveAll)(host);
  } catch {
    return opts.unresolvedOk ? { ok: true } : { ok: false, reason: `its host name does not resolve`, retryable: true };
  }
  return addresses.length && addresses.every((a) => !isBlockedAddress(a)) ? { ok: true } : refused;
}

/** Thrown by a guarded fetch for a URL the guard refuses. */
export class UrlRefused extends Error {
  override name = "UrlRefused";
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(`the URL ${reason}`);
  }
}

/** fetch for channels: every call is guarded first, redirects are never followed, each call is bounded in time. */
export type GuardedFetch = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<Response>;

export function guardedFetch(policy: UrlPolicy, timeoutMs: number, resolve?: Resolve): GuardedFetch {
  return async (url, init) => {
    const verdict = await guardUrl(url, policy, { resolve });
    if (!verdict.ok) throw new UrlRefused(verdict.reason, verdict.retryable === true);
    return fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  };
}
