/**
 * An allowlist entry (WEBHOOK_ALLOWLIST, SOURCE_ALLOWLIST) as a prefix that ends its path with "/":
 * `http://h/hooks` allows `/hooks/…`, not `/hooks-admin`. Undefined for anything but an http(s) URL.
 */
export function allowlistPrefix(entry: string): string | undefined {
  try {
    const u = new URL(entry);
    if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password || u.search || u.hash) return undefined;
    return u.pathname.endsWith("/") ? u.href : `${u.href}/`;
  } catch {
    return undefined;
  }
}

/** A comma-separated allowlist: the prefixes, and the 1-based positions of entries that are not one. */
export function parseAllowlist(value: string | undefined): { prefixes: string[]; invalid: number[] } {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const prefixes: string[] = [];
  const invalid: number[] = [];
  entries.forEach((entry, i) => {
    const prefix = allowlistPrefix(entry);
    if (prefix) prefixes.push(prefix);
    else invalid.push(i + 1);
  });
  return { prefixes, invalid };
}

/**
 * Whether a URL lies under one of the prefixes, judged on the URL as it will be called: dot segments
 * resolved (`/services/../admin` is `/admin`), the same origin as the prefix (so `:8080` does not
 * match `:80801`, `[::ffff:7f00:1]` does not match `127.0.0.1`), no credentials, and no encoded
 * slashes a server might decode into a path of its own.
 */
export function underAllowlist(url: string | URL, prefixes: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (/%2f|%5c/i.test(parsed.pathname)) return false;
  return prefixes.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    return allowed.origin === parsed.origin && parsed.pathname.startsWith(allowed.pathname);
  });
}
