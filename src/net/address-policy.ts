import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** Why an address may not be called; `undefined` means it is a public unicast address. */
export type BlockedKind =
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "carrier-grade NAT"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "NAT64"
  | "local name";

export interface AddressVerdict {
  address: string;
  blocked?: BlockedKind;
  /** For an IPv6 address carrying an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo): that address. */
  embedded?: string;
}

/** Cloud metadata services: AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba. */
const METADATA = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]);

const LOCAL_NAT64 = ipaddr.parseCIDR("64:ff9b:1::/48") as [ipaddr.IPv6, number];

/** A NAT64 prefix the operator's network translates through (NAT64_ALLOWLIST), as `parseNat64Prefix` returns it. */
export type Nat64Prefix = [ipaddr.IPv6, number];

/** The prefix lengths RFC 6052 defines for embedding an IPv4 address. */
const NAT64_LENGTHS = new Set([32, 40, 48, 56, 64, 96]);

/** `64:ff9b::/96` → a prefix; undefined for anything but an IPv6 CIDR of an RFC 6052 length. */
export function parseNat64Prefix(text: string): Nat64Prefix | undefined {
  try {
    const [ip, len] = ipaddr.parseCIDR(text.trim());
    if (ip.kind() !== "ipv6" || !NAT64_LENGTHS.has(len)) return undefined;
    return [ip as ipaddr.IPv6, len];
  } catch {
    return undefined;
  }
}

/** The IPv4 address under a NAT64 prefix of length `len` (RFC 6052 §2.2: bits 64–71 are skipped). */
function nat64V4(ip: ipaddr.IPv6, len: number): ipaddr.IPv4 {
  const b = ip.toByteArray();
  const positions = [];
  for (let i = len / 8; positions.length < 4; i++) if (i !== 8) positions.push(i);
  return new ipaddr.IPv4(positions.map((i) => b[i]!));
}

export interface AddressOptions {
  /**
   * NAT64 prefixes allowed as a range (an IPv6-only host behind DNS64): an address under one is
   * judged by the IPv4 address it carries, so a private, loopback or metadata one stays refused.
   */
  nat64?: readonly Nat64Prefix[];
}

const V4_KINDS: Record<string, BlockedKind> = {
  loopback: "loopback",
  private: "private",
  linkLocal: "link-local",
  carrierGradeNat: "carrier-grade NAT",
  unspecified: "unspecified",
  multicast: "multicast",
  broadcast: "broadcast",
};

const V6_KINDS: Record<string, BlockedKind> = {
  loopback: "loopback",
  uniqueLocal: "private",
  deprecatedSiteLocal: "private",
  linkLocal: "link-local",
  unspecified: "unspecified",
  multicast: "multicast",
};

function v4Verdict(ip: ipaddr.IPv4): BlockedKind | undefined {
  const text = ip.toString();
  if (METADATA.has(text)) return "metadata";
  const range = ip.range();
  if (range === "unicast") return undefined;
  return V4_KINDS[range] ?? "reserved";
}

function v4FromBytes(bytes: number[]): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(0, 4));
}

/** The IPv4 address an IPv6 one stands for, when it is one of the transition forms. */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const b = ip.toByteArray();
  const p = ip.parts;
  const range = ip.range();
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") return v4FromBytes(b.slice(12));
  // IPv4-compatible (::a.b.c.d, deprecated): still routed to the IPv4 address by some stacks.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return v4FromBytes(b.slice(12));
  if (range === "6to4") return v4FromBytes(b.slice(2, 6));
  // Teredo carries the client's address inverted in the last 32 bits.
  if (range === "teredo") return v4FromBytes(b.slice(12).map((x) => x ^ 0xff));
  return undefined;
}

/**
 * Whether an IP address (the text Node gives: DNS answers, URL hostnames without brackets) may be
 * called. Only public unicast addresses pass; IPv6 forms that carry an IPv4 address are judged by
 * that address, and NAT64 is refused whatever it carries unless its prefix is in `opts.nat64`
 * (then it is judged by the IPv4 address too). Pure.
 */
export function classifyAddress(address: string, opts: AddressOptions = {}): AddressVerdict {
  const text = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!isIP(text)) return { address, blocked: "reserved" };
  const ip = ipaddr.parse(text);
  if (ip.kind() === "ipv4") return { address, blocked: v4Verdict(ip as ipaddr.IPv4) };
  const v6 = ip as ipaddr.IPv6;
  if (METADATA.has(v6.toString())) return { address, blocked: "metadata" };
  const range = v6.range();
  const nat64 = opts.nat64?.find((p) => v6.match(p));
  if (nat64) {
    const inner = nat64V4(v6, nat64[1]);
    return { address, embedded: inner.toString(), blocked: v4Verdict(inner) };
  }
  // Local-use NAT64 (RFC 8215) places the IPv4 address by its own prefix length: refused whole.
  if (v6.match(LOCAL_NAT64)) return { address, blocked: "NAT64" };
  const inner = embeddedV4(v6);
  if (inner) {
    const innerKind = v4Verdict(inner);
    const nat64 = range === "rfc6052";
    return { address, embedded: inner.toString(), blocked: innerKind ?? (nat64 ? "NAT64" : undefined) };
  }
  if (range === "rfc6052") return { address, blocked: "NAT64" };
  if (range === "unicast") return { address, blocked: undefined };
  return { address, blocked: V6_KINDS[range] ?? "reserved" };
}

const LOCAL_NAMES = new Set(["localhost", "metadata", "metadata.google.internal"]);

/**
 * A URL hostname judged by its text: an IP literal in any form the WHATWG URL parser leaves
 * (`127.0.0.1`, `[::ffff:7f00:1]`), or a name that only ever means this machine or a metadata
 * service. A public-looking name passes here; what it resolves to is checked at connect time.
 */
export function classifyHostname(hostname: string, opts: AddressOptions = {}): AddressVerdict {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (isIP(host)) return { ...classifyAddress(host, opts), address: host };
  if (LOCAL_NAMES.has(host) || host.endsWith(".localhost") || host.endsWith(".internal")) return { address: host, blocked: "local name" };
  return { address: host };
}

const ARTICLE: Record<BlockedKind, string> = {
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  "carrier-grade NAT": "a carrier-grade NAT address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  reserved: "a reserved address",
  NAT64: "a NAT64 address",
  "local name": "a name for this machine or a metadata service",
};

/** "a loopback address", "a public address". */
export function kindOf(v: AddressVerdict): string {
  return v.blocked ? ARTICLE[v.blocked] : "a public address";
}

/** "127.0.0.1, a loopback address" / "::ffff:7f00:1 (127.0.0.1), a loopback address". */
export function describeVerdict(v: AddressVerdict): string {
  return `${v.address}${v.embedded ? ` (${v.embedded})` : ""}, ${kindOf(v)}`;
}

/**
 * When a URL's host is an IP address written other than as the URL parser writes it (`2130706433`,
 * `127.1`, `0x7f.1`, `[::ffff:127.0.0.1]`): the canonical form, else undefined. A user-supplied
 * address in disguise is refused even when the canonical one is allowlisted. Pure.
 */
export function disguisedHost(rawUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    return undefined;
  }
  if (!isIP(parsed.hostname.replace(/^\[|\]$/g, ""))) return undefined;
  const written = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(rawUrl.trim())?.[1];
  if (written === undefined) return undefined;
  return written.toLowerCase().replace(/\.$/, "") === parsed.hostname ? undefined : parsed.hostname;
}
