/** RFC 5545 text: backslash, semicolon, comma and newlines escaped, so a hostile title cannot add properties. */
function text(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join("\r\n ");
}

export interface CalendarMaintenance {
  id: number;
  providerName: string;
  title: string;
  status: string;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  components: string[];
  updatedAt: Date;
}

/** Scheduled maintenances as an iCalendar feed; each event links to its page here. */
export function renderIcs(opts: { publicUrl: string; host: string; items: CalendarMaintenance[]; now: Date }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//statuswatch//maintenances//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "X-WR-CALNAME:statuswatch maintenances",
  ];
  for (const m of opts.items) {
    if (!m.scheduledFor) continue;
    // Without a stated end, an hour: calendars need one and the provider did not say.
    const end = m.scheduledUntil && m.scheduledUntil > m.scheduledFor ? m.scheduledUntil : new Date(m.scheduledFor.getTime() + 3_600_000);
    const components = [...new Set(m.components)];
    lines.push(
      "BEGIN:VEVENT",
      `UID:maintenance-${m.id}@${text(opts.host)}`,
      `DTSTAMP:${stamp(opts.now)}`,
      `LAST-MODIFIED:${stamp(m.updatedAt)}`,
      `DTSTART:${stamp(m.scheduledFor)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${text(`${m.providerName}: ${m.title}`)}`,
      `DESCRIPTION:${text(`Status: ${m.status.replace(/_/g, " ")}${components.length ? `\nAffected: ${components.join(", ")}` : ""}`)}`,
      `URL:${text(`${opts.publicUrl}/maintenances/${m.id}`)}`,
      `STATUS:${m.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
