import { isIP } from "node:net";

const PRIVATE_NAMES = new Set(["localhost", "metadata.google.internal", "metadata"]);

function ipv4Private(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
}

/**
 * Whether a URL's host names this machine, a private network or a cloud metadata service, by its
 * literal form (a name that resolves to such an address is not caught here).
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (PRIVATE_NAMES.has(host) || host.endsWith(".localhost") || host.endsWith(".internal")) return true;
  const version = isIP(host);
  if (version === 4) return ipv4Private(host);
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
    if (mapped) return ipv4Private(mapped);
    return host === "::1" || host === "::" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}
