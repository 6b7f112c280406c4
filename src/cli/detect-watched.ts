import type { Detected, NotDetected } from "../sources/detect";

/** A watched provider as `npm run detect -- <provider id>` reports it. */
export interface WatchedProvider {
  id: string;
  name: string;
  kind: string;
  url: string;
  formatGoodComponents: number | null;
  formatChangedSince: Date | null;
  formatChange: string | null;
}

/** The lines saying how the provider is read now and which kind fits its page now. Pure. */
export function watchedLines(p: WatchedProvider, result: Detected | NotDetected): string[] {
  const lines = [`provider: ${p.id} (${p.name})`, `current kind: ${p.kind} (${p.url})`];
  if (p.formatChangedSince) {
    lines.push(`format: changed since ${p.formatChangedSince.toISOString()}${p.formatChange ? `: ${p.formatChange}` : ""}`);
  } else if (p.formatGoodComponents !== null) {
    lines.push(`format: as expected at the last poll${p.formatGoodComponents > 0 ? ` (${p.formatGoodComponents} components)` : ""}`);
  } else {
    lines.push("format: not read successfully yet");
  }
  if (!result.ok) lines.push(result.refused ? `fits now: cannot tell (${result.refused})` : "fits now: no known kind");
  else if (result.kind === p.kind && result.url === p.url) lines.push(`fits now: ${result.kind} (the current kind still fits)`);
  else
    lines.push(
      `fits now: ${result.kind}${result.url !== p.url ? ` at ${result.url}` : ""} (the provider is read as ${p.kind}: change its kind to follow the page)`,
    );
  return lines;
}
