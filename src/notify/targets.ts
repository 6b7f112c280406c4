import { underAllowlist } from "../net/allowlist";

/**
 * Where a Slack-channel target may point: Slack itself, or under a prefix the operator allowed.
 * Judged on the URL as it will be called: dot segments resolved (`/services/../admin` is `/admin`),
 * the same origin as the prefix (so `:8080` does not match `:80801`), and no encoded slashes a
 * server might decode into a path of its own.
 */
export function slackTargetAllowed(url: string, allowlist: readonly string[]): boolean {
  if (underAllowlist(url, allowlist)) return true;
  return underAllowlist(url, ["https://hooks.slack.com/"]) && new URL(url).pathname.length > 1;
}

/** The URL as it will be stored and called: parsed and serialized, dot segments resolved. */
export function normalizeUrl(url: string): string {
  return new URL(url).href;
}

/** A webhook URL with its secret path hidden: `https://hooks.slack.com/services/T000…/****`. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const segments = u.pathname.split("/").filter(Boolean);
    const shown = segments.slice(0, 1);
    if (segments.length > 2) shown.push(`${(segments[1] ?? "").slice(0, 4)}…`);
    return `${u.protocol}//${u.host}/${shown.length ? `${shown.join("/")}/` : ""}****`;
  } catch {
    return "****";
  }
}

export function maskTarget(channel: string, target: string): string {
  return channel === "email" ? target : maskUrl(target);
}

/** Replaces any occurrence of the target in free text (error messages) with its mask. */
export function scrubTarget(text: string, channel: string, target: string): string {
  return channel === "email" ? text : text.split(target).join(maskUrl(target));
}
