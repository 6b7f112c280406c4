import type { DashboardData } from "../services/dashboard";
import { ACCURACY_DAYS, DASHBOARD_DAYS } from "../services/dashboard";
import { escapeHtml as h } from "../util/escape-html";
import { incidentsTable, maintenancesTable, recentTable } from "./lists";
import { badge, dayBarsParts, frameAround, HEALTH_LABEL, type HtmlParts, LEGEND, partsToString, table, time, uptimeText } from "./parts";
import { splitByAttention } from "./attention";
import { summarize } from "./summary";

/** Seconds between automatic reloads; the page carries no script. */
export const REFRESH_SECONDS = 30;

function categoryNav(data: DashboardData): string {
  const current = new Set(data.filter.category ?? []);
  const item = (href: string, text: string, on: boolean) => `<li><a href="${h(href)}"${on ? ' aria-current="page"' : ""}>${h(text)}</a></li>`;
  const items = [
    item("/", `All (${data.all.length})`, current.size === 0 && !data.filter.q),
    ...data.categories.map((c) => item(`/?category=${encodeURIComponent(c.name)}`, `${c.name} (${c.count})`, current.size === 1 && current.has(c.name))),
  ];
  const options = data.categories.map((c) => `<option value="${h(c.name)}"${current.has(c.name) ? " selected" : ""}>${h(c.name)}</option>`).join("");
  return `<nav aria-label="Categories and filter"><ul>${items.join("")}</ul>
<form method="get" action="/" role="search"><label for="q">Find a provider</label> <input id="q" name="q" type="search" value="${h(data.filter.q ?? "")}" maxlength="100">
<label for="category">in</label> <select id="category" name="category"><option value="">all categories</option>${options}</select> <button type="submit">Filter</button></form></nav>`;
}

type ShownProvider = DashboardData["providers"][number];

/** A provider drawn in full: status, source health, why it needs a look, uptime, bars with dates. */
function providerItem(p: ShownProvider, reasons: string[], out: HtmlParts): void {
  const health = p.formatChange
    ? `<span class="health" title="${h(p.formatChange.what ?? "")}">⚠ format changed</span>`
    : HEALTH_LABEL[p.sourceHealth]
      ? `<span class="health" title="${h(p.lastError ?? "")}">⚠ ${h(HEALTH_LABEL[p.sourceHealth]!)}</span>`
      : "";
  out.push(`<li data-provider="${h(p.id)}"><div class="prow"><a class="name" href="/providers/${encodeURIComponent(p.id)}">${h(p.name)}</a> <span>${badge(p.status)} ${health}</span></div>
${reasons.length ? `<p class="why">${h(reasons.join(" · "))}</p>` : ""}<div class="prow"><span class="muted">${p.category ? `${h(p.category)} · ` : ""}${h(p.statusDescription ?? "")}</span>${p.grade ? `<span class="grade" title="how promptly its status page admitted outages, last ${ACCURACY_DAYS} days">page grade ${h(p.grade)}</span>` : ""}<span class="uptime">${uptimeText(p.bars.uptimePercent, p.bars.observedSeconds)}</span></div>
`);
  for (const part of dayBarsParts(p.bars.runs, `${p.name}, last ${DASHBOARD_DAYS} days`)) out.push(part);
  out.push("</li>");
}

/** A provider operational now and all of the last 24 h: one line, its bars without the date legend. */
function compactItem(p: ShownProvider, out: HtmlParts): void {
  out.push(
    `<li data-provider="${h(p.id)}"><span class="name"><a href="/providers/${encodeURIComponent(p.id)}">${h(p.name)}</a> ${badge(p.status)}</span><span class="uptime">${uptimeText(p.bars.uptimePercent, p.bars.observedSeconds)}</span>`,
  );
  for (const part of dayBarsParts(p.bars.runs, `${p.name}, last ${DASHBOARD_DAYS} days`, false)) out.push(part);
  out.push("</li>");
}

/** Healthy providers are folded when the page shows more than this many, unless a filter asked for them. */
export const FOLD_ABOVE = 12;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Providers needing attention (a problem now or in the last 24 h) first and in full, worst first; then
 * every category with its healthy providers folded into one line ("42 providers operational").
 */
function providerSections(data: DashboardData, out: HtmlParts): void {
  if (data.providers.length === 0) {
    out.push(`<p class="empty">${data.all.length ? "No provider matches this filter." : "No providers are watched."}</p>`);
    return;
  }
  const { attention, healthy } = splitByAttention(data.providers);
  out.push(`<section id="attention" aria-labelledby="h-attention"><h3 id="h-attention">Needs attention (${attention.length})</h3>`);
  if (attention.length === 0) out.push(`<p class="empty">Every provider shown is operational and was for all of the last 24 hours.</p>`);
  else {
    out.push(`<ul class="plist">`);
    for (const p of attention) providerItem(p, p.attention.reasons, out);
    out.push("</ul>");
  }
  out.push("</section>");
  const categories = new Map<string, { all: number; healthy: ShownProvider[] }>();
  const group = (p: ShownProvider) => {
    const key = p.category ?? "other";
    let g = categories.get(key);
    if (!g) categories.set(key, (g = { all: 0, healthy: [] }));
    return g;
  };
  for (const p of data.providers) group(p).all++;
  for (const p of healthy) group(p).healthy.push(p);
  const open = data.providers.length <= FOLD_ABOVE || !!data.filter.q || !!data.filter.category;
  for (const [name, g] of [...categories].sort((a, b) => a[0].localeCompare(b[0]))) {
    const needing = g.all - g.healthy.length;
    out.push(
      `<section class="category" id="category-${h(name)}" aria-labelledby="h-${h(name)}"><h3 id="h-${h(name)}">${h(name)} (${g.all})</h3>${needing ? `<p class="muted">${plural(needing, "provider needs", "providers need")} attention, shown above.</p>` : ""}`,
    );
    if (g.healthy.length) {
      out.push(`<details${open ? " open" : ""}><summary>${plural(g.healthy.length, "provider", "providers")} operational</summary><ul class="clist">`);
      for (const p of g.healthy) compactItem(p, out);
      out.push("</ul></details>");
    }
    out.push("</section>");
  }
}

function suspectedTable(items: DashboardData["suspectedOutages"]): string {
  return table(
    ["Provider", "Outage", "Signals", "Confidence", "Since"],
    items.map((o) => ({
      attrs: `data-outage="${o.id}"`,
      cells: [
        `<a href="/providers/${encodeURIComponent(o.providerId)}">${h(o.providerName)}</a>`,
        `<a href="/outages/${o.id}">Possible outage — not yet acknowledged by ${h(o.providerName)}</a>`,
        h(o.reasons.join("; ")),
        `${Math.round(o.confidence * 100)} %`,
        time(o.suspectedAt),
      ],
    })),
  );
}

/**
 * The status dashboard as one self-contained HTML page, in parts: the bars of each provider's
 * stored days go out as the bytes encoded when they were first rendered. Every upstream string is escaped.
 */
export function renderDashboardParts(data: DashboardData): HtmlParts {
  const summary = summarize(data.all, data.suspectedOutages.length);
  const shown = new Set(data.providers.map((p) => p.id));
  const suspected = data.suspectedOutages.filter((o) => shown.has(o.providerId));
  const [head, tail] = frameAround({
    title: "statuswatch",
    heading: "statuswatch",
    summary: `<span id="summary">${h(summary.text)}</span> Updated ${time(data.generatedAt)}.`,
    refresh: REFRESH_SECONDS,
    feeds: `<link rel="alternate" type="application/atom+xml" title="statuswatch changes" href="/feed.atom">`,
    nav: categoryNav(data),
  });
  const out: HtmlParts = [
    `${head}${suspected.length ? `<section id="suspected" aria-labelledby="h-suspected"><h2 id="h-suspected">Suspected outages (${suspected.length})</h2>${suspectedTable(suspected)}</section>\n` : ""}<section id="incidents" aria-labelledby="h-incidents"><h2 id="h-incidents">Open incidents (${data.openIncidents.length})</h2>${incidentsTable(data.openIncidents, "No open incidents.")}</section>
<section id="maintenances" aria-labelledby="h-maint"><h2 id="h-maint">Maintenance in progress (${data.activeMaintenances.length})</h2>${maintenancesTable(data.activeMaintenances, "No maintenance in progress.")}</section>
<section id="upcoming" aria-labelledby="h-upcoming"><h2 id="h-upcoming">Upcoming maintenance, next 7 days (${data.upcomingMaintenances.length})</h2>${maintenancesTable(data.upcomingMaintenances, "None scheduled.")}</section>
<section id="providers" aria-labelledby="h-providers"><h2 id="h-providers">Providers (${data.providers.length})</h2>${LEGEND}`,
  ];
  providerSections(data, out);
  out.push(`</section>
<section id="recent" aria-labelledby="h-recent"><h2 id="h-recent">Recent changes</h2>${recentTable(data.recent)}</section>${tail}`);
  return out;
}

/** renderDashboardParts as one string. */
export function renderDashboard(data: DashboardData): string {
  return partsToString(renderDashboardParts(data));
}
