import { escapeHtml as h, safeHref } from "../../util/escape-html";
import { incidentFacts, localStamp, percent, periodLabel, STATUS_COLOR, warningFacts } from "./format";
import type { DigestIncident, DigestReport, ProviderDigest } from "./report";

/*
 * Mail clients drop <style>, scripts, external CSS and often images, and Outlook lays out only
 * tables: everything here is tables with inline styles, colours as hex, one column no wider than
 * 600 px that shrinks on a phone. Every string that came from a status page goes through h().
 */

const FONT = "font-family:Arial,Helvetica,sans-serif;";
const WRAP = "word-wrap:break-word;overflow-wrap:anywhere;word-break:break-word;";
const MUTED = "color:#57606a;font-size:13px;";
const IMPACT_COLOR: Record<string, string> = { critical: "#cf222e", major: "#cf222e", minor: "#d4a72c", none: "#8c959f" };

const a = (href: string, label: string) => `<a href="${h(href)}" style="color:#0969da;">${h(label)}</a>`;
const upstreamLink = (href: string | null, label: string) => {
  const safe = safeHref(href);
  return safe ? a(safe, label) : "";
};

function strip(p: ProviderDigest): string {
  const cells = p.strip
    .map((d) => {
      const title = `${d.date}: ${d.worst ? `${d.worst.replace(/_/g, " ")}, ${percent(d.uptimePercent)}` : "not observed"}`;
      return `<td title="${h(title)}" style="height:18px;background-color:${STATUS_COLOR[d.worst ?? "unknown"]};font-size:1px;line-height:1px;">&nbsp;</td>`;
    })
    .join("");
  const first = p.strip[0]?.date ?? "";
  const last = p.strip.at(-1)?.date ?? "";
  return [
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="2" border="0" style="width:100%;table-layout:fixed;margin:6px 0 2px 0;"><tr>${cells}</tr></table>`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;${MUTED}"><tr><td align="left">${h(first)}</td><td align="right">${h(last)}</td></tr></table>`,
  ].join("");
}

function incidentRow(i: DigestIncident, tz: string): string {
  const links = [a(i.link, "in statuswatch"), upstreamLink(i.providerUrl, "on the status page")].filter(Boolean).join(" · ");
  return (
    `<tr><td width="4" style="width:4px;background-color:${IMPACT_COLOR[i.impact] ?? "#8c959f"};font-size:1px;">&nbsp;</td>` +
    `<td style="padding:4px 0 8px 8px;${WRAP}"><strong>${h(i.title)}</strong><br>` +
    `<span style="${MUTED}">${h(incidentFacts(i, tz))}</span><br><span style="font-size:13px;">${links}</span></td></tr>`
  );
}

function section(title: string, body: string): string {
  return `<p style="margin:12px 0 4px 0;font-weight:bold;">${h(title)}</p>${body}`;
}

function provider(p: ProviderDigest, r: DigestReport): string {
  const tz = r.timeZone;
  const parts: string[] = [];
  parts.push(
    `<h2 style="margin:0 0 4px 0;font-size:18px;${WRAP}">${h(p.name)}</h2>`,
    `<p style="margin:0;${MUTED}">${upstreamLink(p.statusPageUrl, "status page")}${safeHref(p.statusPageUrl) ? " · " : ""}${a(p.dashboardUrl, "in statuswatch")}</p>`,
    `<p style="margin:8px 0 0 0;">Availability this period: <strong>${h(percent(p.availability.percent))}</strong></p>`,
    strip(p),
  );
  if (p.sla) {
    const s = p.sla;
    const standing = s.breached
      ? `<strong style="color:#cf222e;">below the ${h(String(s.slaPercent))} % SLA</strong>${s.creditPercent ? `, credit ${h(String(s.creditPercent))} %` : ""}`
      : `within the ${h(String(s.slaPercent))} % SLA`;
    parts.push(`<p style="margin:8px 0 0 0;">SLA ${h(s.month)} to date: ${h(percent(s.availabilityPercent))}, ${standing} (${a(s.link, "evidence")})</p>`);
  }
  parts.push(
    section(
      p.incidents.length ? `Incidents (${p.incidents.length})` : "No incidents in this period",
      p.incidents.length
        ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;table-layout:fixed;">${p.incidents.map((i) => incidentRow(i, tz)).join("")}</table>`
        : "",
    ),
  );
  if (p.stillOpen.length)
    parts.push(
      section(
        `Still open (${p.stillOpen.length})`,
        `<ul style="margin:0;padding-left:20px;">${p.stillOpen
          .map((i) => `<li style="${WRAP}">${a(i.link, i.title)} <span style="${MUTED}">${h(`${i.impact}, since ${localStamp(i.startedAt, tz)}`)}</span></li>`)
          .join("")}</ul>`,
      ),
    );
  if (p.warnings.length)
    parts.push(
      section(
        `Early warnings (${p.warnings.length})`,
        `<ul style="margin:0;padding-left:20px;">${p.warnings.map((w) => `<li style="${WRAP}">${h(warningFacts(w, tz))} (${a(w.link, "details")})</li>`).join("")}</ul>`,
      ),
    );
  return `<tr><td style="padding:16px;border-top:1px solid #d0d7de;${WRAP}">${parts.join("\n")}</td></tr>`;
}

/** The HTML digest: one self-contained document, safe for mail clients. Pure. */
export function renderDigestHtml(r: DigestReport): string {
  const title = `statuswatch ${r.frequency} digest`;
  const rows: string[] = [
    `<tr><td style="padding:16px;${WRAP}"><h1 style="margin:0;font-size:22px;">${h(title)}</h1><p style="margin:4px 0 0 0;${MUTED}">${h(periodLabel(r))}</p></td></tr>`,
  ];
  if (r.providers.length === 0) rows.push(`<tr><td style="padding:16px;border-top:1px solid #d0d7de;">Nothing happened at the providers you follow.</td></tr>`);
  for (const p of r.providers) rows.push(provider(p, r));
  if (r.quietProviders > 0)
    rows.push(
      `<tr><td style="padding:16px;border-top:1px solid #d0d7de;${MUTED}">${r.quietProviders} other provider${r.quietProviders === 1 ? "" : "s"}: no incidents and no warnings.</td></tr>`,
    );
  if (r.notices.length)
    rows.push(
      `<tr><td style="padding:16px;border-top:1px solid #d0d7de;${WRAP}">${section(
        "Other notices",
        `<ul style="margin:0;padding-left:20px;">${r.notices
          .map(
            (n) => `<li>${h(`${localStamp(n.at, r.timeZone)} [${n.tag}] ${n.providerName}: ${n.title}`)}<br><span style="${MUTED}">${h(n.detail)}</span></li>`,
          )
          .join("")}</ul>`,
      )}</td></tr>`,
    );
  rows.push(
    `<tr><td style="padding:16px;border-top:1px solid #d0d7de;${MUTED}">${a(`${r.publicUrl}/`, "Dashboard")}${r.unsubscribeUrl ? ` · ${a(r.unsubscribeUrl, "Unsubscribe")}` : ""}</td></tr>`,
  );
  return [
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f6f8fa;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background-color:#f6f8fa;"><tr><td align="center" style="padding:12px 8px;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;table-layout:fixed;background-color:#ffffff;border:1px solid #d0d7de;${FONT}font-size:14px;line-height:1.45;color:#1f2328;">`,
    ...rows,
    `</table></td></tr></table></body></html>`,
  ].join("\n");
}
