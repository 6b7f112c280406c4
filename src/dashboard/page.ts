import { ACCURACY_DAYS, DASHBOARD_UPTIME_DAYS, type DashboardData } from "../services/dashboard";
import { escapeHtml as h } from "../util/escape-html";
import { badge, HEALTH_LABEL, link, STYLE, time } from "./parts";

/** Seconds between automatic reloads; the page carries no script. */
export const REFRESH_SECONDS = 30;

function providersTable(data: DashboardData): string {
  if (data.providers.length === 0) return `<p class="empty">No providers are watched.</p>`;
  const rows = data.providers.map((p) => {
    const health = HEALTH_LABEL[p.sourceHealth] ? `<div class="health" title="${h(p.lastError ?? "")}">${h(HEALTH_LABEL[p.sourceHealth]!)}</div>` : "";
    const uptime = p.uptimePercent === null ? '<span class="muted">—</span>' : `${p.uptimePercent.toFixed(p.uptimePercent >= 99.995 ? 0 : 2)} %`;
    return `<tr data-provider="${h(p.id)}"><td>${link(p.url, p.name)}</td><td>${badge(p.status)}${health}</td><td>${h(p.statusDescription ?? "")}</td><td class="uptime" title="least available component, last ${DASHBOARD_UPTIME_DAYS} days">${uptime}</td><td>${time(p.lastSuccessAt)}</td><td class="grade" title="status page accuracy, last ${ACCURACY_DAYS} days">${p.grade ? h(p.grade) : '<span class="muted">—</span>'}</td></tr>`;
  });
  return `<table><thead><tr><th>Provider</th><th>Status</th><th>Page says</th><th>Uptime ${DASHBOARD_UPTIME_DAYS} d</th><th>Last read</th><th>Page grade</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function incidentsTable(data: DashboardData): string {
  if (data.openIncidents.length === 0) return `<p class="empty">No open incidents.</p>`;
  const rows = data.openIncidents.map(
    (i) =>
      `<tr data-incident="${i.id}"><td>${h(i.providerName)}</td><td><a href="/incidents/${i.id}">${h(i.title)}</a></td><td>${h(i.status)}</td><td>${h(i.impact)}</td><td>${h(i.components.join(", "))}</td><td>${time(i.startedAt)}</td></tr>`,
  );
  return `<table><thead><tr><th>Provider</th><th>Incident</th><th>Status</th><th>Impact</th><th>Affected</th><th>Started</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function suspectedTable(data: DashboardData): string {
  const rows = data.suspectedOutages.map(
    (o) =>
      `<tr data-outage="${o.id}"><td>${h(o.providerName)}</td><td>Possible outage — not yet acknowledged by ${h(o.providerName)}</td><td>${h(o.reasons.join("; "))}</td><td>${Math.round(o.confidence * 100)} %</td><td>${time(o.suspectedAt)}</td></tr>`,
  );
  return `<table><thead><tr><th>Provider</th><th>Outage</th><th>Signals</th><th>Confidence</th><th>Since</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
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
${data.suspectedOutages.length ? `<section id="suspected"><h2>Suspected outages (${data.suspectedOutages.length})</h2>${suspectedTable(data)}</section>\n` : ""}<section id="incidents"><h2>Open incidents (${data.openIncidents.length})</h2>${incidentsTable(data)}</section>
<section id="providers"><h2>Providers (${data.providers.length})</h2>${providersTable(data)}</section>
<section id="recent"><h2>Recent changes</h2>${recentTable(data)}</section>
</main></body></html>`;
}
