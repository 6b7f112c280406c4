import { htmlToText } from "../sources/html-text";
import { escapeHtml as h, safeHref } from "../util/escape-html";

/** Pieces shared by the dashboard's pages: one stylesheet, status badges, times, safe links. */
export const STATUS_LABEL: Record<string, string> = {
  operational: "Operational",
  degraded_performance: "Degraded",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Maintenance",
  unknown: "Unknown",
};
export const HEALTH_LABEL: Record<string, string> = { ok: "", failing: "source failing", unreachable: "source unreachable", pending: "not polled yet" };

export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c5cad3}
main{padding:16px 24px;max-width:1200px}section{margin-bottom:28px}h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6eb;vertical-align:top}
th{font-weight:600;color:#555;font-size:12px;text-transform:uppercase}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.s-operational{background:#dcf5e3;color:#125c2a}.s-degraded_performance{background:#fff3c4;color:#6b5200}
.s-partial_outage{background:#ffe0c2;color:#7a3700}.s-major_outage{background:#ffd6d6;color:#8a1010}
.s-under_maintenance{background:#dbe8ff;color:#123f8a}.s-unknown{background:#eceef1;color:#555}
.health{color:#a33;font-size:12px}.muted{color:#777}.empty{color:#777;background:#fff;padding:10px}
.update{background:#fff;padding:10px 12px;margin-bottom:8px;border-left:3px solid #c5cad3;white-space:pre-wrap}.update h3{margin:0 0 4px;font-size:14px}`;

export function badge(status: string): string {
  const key = STATUS_LABEL[status] ? status : "unknown";
  return `<span class="badge s-${key}">${h(STATUS_LABEL[key]!)}</span>`;
}

export function time(d: Date | null | undefined): string {
  if (!d) return `<span class="muted">—</span>`;
  const iso = d.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

export function link(url: string | null | undefined, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${h(href)}" rel="noopener noreferrer">${h(text)}</a>` : h(text);
}

/** A page about one thing (an incident, a maintenance): escaped title, a summary line, sections. */
export function detailPage(opts: { provider: string; title: string; summary: string; links: string; sections: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`${opts.provider}: ${opts.title}`)} · statuswatch</title><style>${STYLE}</style></head>
<body><header><h1>${h(opts.provider)}: ${h(opts.title)}</h1><p>${opts.summary}</p></header>
<main>
<p><a href="/">← all providers</a> · ${opts.links}</p>
${opts.sections}
</main></body></html>`;
}

/** Update bodies are the provider's markup: shown as text, oldest first. */
export function updateList(updates: Array<{ heading: string; at: Date; body: string }>, none: string): string {
  return updates.map((u) => `<article class="update"><h3>${h(u.heading)} <span class="muted">${time(u.at)}</span></h3>${h(htmlToText(u.body))}</article>`).join("") || `<p class="empty">${h(none)}</p>`;
}

