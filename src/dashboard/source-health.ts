/** A poll error ("timeout: ...", "http_status: 503 ...") as a sentence a person understands. Pure. */
const WORDS: Record<string, string> = {
  unreachable: "The status page could not be reached (network error).",
  timeout: "The status page did not answer in time.",
  http_status: "The status page answered with an error.",
  too_large: "The status page sent more data than statuswatch accepts.",
  invalid_payload: "The status page answered, but not in a form statuswatch understands.",
  invalid_config: "This provider is misconfigured in statuswatch.",
};

export function sourceProblemInWords(lastError: string | null): string {
  if (!lastError) return "The status page could not be read.";
  const kind = /^([a-z_]+):/.exec(lastError)?.[1];
  return (kind && WORDS[kind]) || "The status page could not be read.";
}

/** The format watch's finding, as the provider row keeps it. */
export interface FormatChangeView {
  since: Date;
  what: string | null;
  suggestion: string | null;
}

/** A page that answers in another format, as a sentence a person understands. Pure; the caller escapes it. */
export function formatChangeInWords(kind: string, f: FormatChangeView): string {
  const what = f.what ? `: ${f.what}` : "";
  const now = f.suggestion ? ` Detection says: ${f.suggestion}.` : " Detection could not say which kind fits now.";
  return `The status page changed format since ${f.since.toISOString().replace("T", " ").slice(0, 16)} UTC${what}. It is read as ${kind}.${now}`;
}
