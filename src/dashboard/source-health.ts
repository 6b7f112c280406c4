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
