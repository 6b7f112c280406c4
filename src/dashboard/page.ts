import type { DashboardData } from "../services/dashboard";
import { escapeHtml as h, safeHref } from "../util/escape-html";

/** Seconds between automatic reloads; the page carries no script. */
export const REFRESH_SECONDS = 30;

const STATUS_LABEL: Record<string, string> = {
  operational: "Operational",
  degraded_performance: "Degraded",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Maintenance",
  unknown: "Unknown",
};
const HEALTH_LABEL: Record<string, string> = { ok: "", failing: "source failing", unreachable: "source unreachable", pending: "not polled yet" };

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c5cad3}
main{padding:16px 24px;max-width:1200px}section{margin-bottom:28px}h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6eb;vertical-align:top}
th{font-weight:600;color:#555;font-size:12px;text-transform:uppercase}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.s-operational{background:#dcf5e3;color:#125c2a}.s-degraded_performance{background:#fff3c4;color:#6b5200}
.s-partial_outage{background:#ffe0c2;color:#7a3700}.s-major_outage{background:#ffd6d6;color:#8a1010}
.s-under_maintenance{background:#dbe8ff;color:#123f8a}.s-unknown{background:#eceef1;color:#555}
.health{color:#a33;font-size:12px}.muted{color:#777}.empty{color:#777;background:#fff;padding:10px}`;

function badge(status: string): string {
  const key = STATUS_LABEL[status] ? status : "unknown";
  return `<span class="badge s-${key}">${h(STATUS_LABEL[key]!)}</span>`;
}

function time(d: Date | null | undefined): string {
  if (!d) return `<span class="muted">—</span>`;
  const iso = d.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

function link(url: string | null | undefined, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${h(href)}" rel="noopener noreferrer">${h(text)}</a>` : h(text);
}

function providersTable(data: DashboardData): string {
  if (data.providers.length === 0) return `<p class="empty">No providers are watched.</p>`;
  const rows = data.providers.map((p) => {
    const health = HEALTH_LABEL[p.sourceHealth] ? `<div class="health" title="${h(p.lastError ?? "")}">${h(HEALTH_LABEL[p.sourceHealth]!)}</div>` : "";
    return `<tr data-provider="${h(p.id)}"><td>${link(p.url, p.name)}</td><td>${badge(p.status)}${health}</td><td>${h(p.statusDescription ?? "")}</td><td>${time(p.lastSuccessAt)}</td></tr>`;
  });
  return `<table><thead><tr><th>Provider</th><th>Status</th><th>Page says</th><th>Last read</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function incidentsTable(data: DashboardData): string {
  if (data.openIncidents.length === 0) return `<p class="empty">No open incidents.</p>`;
  const rows = data.openIncidents.map(
    (i) =>
      `<tr data-incident="${i.id}"><td>${h(i.providerName)}</td><td>${link(i.url, i.title)}</td><td>${h(i.status)}</td><td>${h(i.impact)}</td><td>${h(i.components.join(", "))}</td><td>${time(i.startedAt)}</td></tr>`,
  );
  return `<table><thead><tr><th>Provider</th><th>Incident</th><th>Status</th><th>Impact</th><th>Affected</th><th>Started</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function describe(e: DashboardData["recent"][number]): string {
  const subject = e.title ?? e.component ?? "";
  const change = e.from ? `${e.from} → ${e.to ?? ""}` : (e.to ?? "");
  return `${e.kind.replace(/_/g, " ")}${subject ? `: ${subject}` : ""}${change ? ` (${change})` : ""}`;
}

function recentTable(data: DashboardData): string {
  if (data.recent.length === 0) return `<p class="empty">Nothing has changed since statuswatch started watching.</p>`;
  // Listed in the order statuswatch saw them; the page's own time can be earlier (backdated updates).
  const rows = data.recent.map((e) => `<tr><td>${time(e.recordedAt)}</td><td>${h(e.providerName)}</td><td>${h(describe(e))}</td><td>${time(e.at)}</td></tr>`);
  return `<table><thead><tr><th>Seen</th><th>Provider</th><th>Change</th><th>Page time</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The status dashboard as one self-contained HTML page. Every upstream string is escaped. */
export function renderDashboard(data: DashboardData): string {
  const down = data.providers.filter((p) => p.status !== "operational" && p.status !== "unknown").length;
  const summary = down === 0 ? "All watched providers are operational." : `${down} of ${data.providers.length} providers report a problem.`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}"><title>statuswatch</title><style>${STYLE}</style></head>
<body><header><h1>statuswatch</h1><p>${h(summary)} Updated ${time(data.generatedAt)}.</p></header>
<main>
<section id="incidents"><h2>Open incidents (${data.openIncidents.length})</h2>${incidentsTable(data)}</section>
<section id="providers"><h2>Providers (${data.providers.length})</h2>${providersTable(data)}</section>
<section id="recent"><h2>Recent changes</h2>${recentTable(data)}</section>
</main></body></html>`;
}
