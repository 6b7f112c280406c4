import type { EvidenceRow } from "./compute";

export const EVIDENCE_COLUMNS = ["incidentId", "title", "url", "from", "to", "impact", "countedSeconds"] as const;

/**
 * One CSV cell (RFC 4180). Upstream titles are untrusted: a cell a spreadsheet would read as a
 * formula (= + - @, or a leading tab / carriage return) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The evidence rows as CSV with a header line, CRLF line ends. */
export function evidenceCsv(rows: EvidenceRow[]): string {
  const lines = [EVIDENCE_COLUMNS.join(",")];
  for (const r of rows) lines.push(EVIDENCE_COLUMNS.map((c) => csvCell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
