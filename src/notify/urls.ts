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
