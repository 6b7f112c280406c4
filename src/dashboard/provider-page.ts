import type { ProviderPageData } from "../services/dashboard";
import { DASHBOARD_DAYS } from "../services/dashboard";
import { escapeHtml as h } from "../util/escape-html";
import { incidentsTable, maintenancesTable, recentTable } from "./lists";
import { badge, dayBars, frame, LEGEND, link, time, uptimeText } from "./parts";
import { formatChangeInWords, sourceProblemInWords } from "./source-health";
import { subscribeForm, type SubscribeNotice } from "./subscribe-form";

function components(data: ProviderPageData): string {
  if (data.components.length === 0) return `<p class="empty">The status page lists no components.</p>`;
  const items = data.components.map(
    (
      c,
    ) => `<li data-component="${h(c.name)}"><div class="prow"><span class="name">${c.group ? `<span class="muted">${h(c.group)} › </span>` : ""}${h(c.name)}</span> ${badge(c.status)}</div>
<div class="prow"><span></span><span class="uptime">${uptimeText(c.uptimePercent, c.observedSeconds)}</span></div>${dayBars(
      [c.daily],
      `${c.name}, last ${DASHBOARD_DAYS} days`,
    )}</li>`,
  );
  return `${LEGEND}<ul class="plist">${items.join("")}</ul>`;
}

function sourceHealth(data: ProviderPageData): string {
  const p = data.provider;
  const state =
    p.sourceHealth === "ok"
      ? "Read without trouble."
      : p.sourceHealth === "pending"
        ? "Not read yet."
        : `${sourceProblemInWords(p.lastError)} (${p.consecutiveFailures} failed ${p.consecutiveFailures === 1 ? "attempt" : "attempts"} in a row)`;
  const format = p.formatChange ? `<dt>Format</dt><dd class="format-changed">${h(formatChangeInWords(p.kind, p.formatChange))}</dd>` : "";
  return `<dl><dt>State</dt><dd>${h(state)}</dd>${format}<dt>Last successful read</dt><dd>${time(p.lastSuccessAt)}</dd><dt>Last attempt</dt><dd>${time(p.lastPolledAt)}</dd>${p.lastError && p.sourceHealth !== "ok" ? `<dt>Error as reported</dt><dd><code>${h(p.lastError)}</code></dd>` : ""}</dl>`;
}

/** One provider for people: components with 90 daily bars, incidents, maintenances, source health, self-subscribe. */
export function renderProviderPage(data: ProviderPageData, opts: { notice?: SubscribeNotice; formToken: string; subscribeEnabled: boolean }): string {
  const p = data.provider;
  const more = data.nextPage
    ? `<p><a rel="next" href="/providers/${encodeURIComponent(p.id)}?before=${data.nextPage.startedAt.getTime()}-${data.nextPage.id}#past">Older incidents →</a></p>`
    : "";
  return frame({
    title: `${p.name} · statuswatch`,
    heading: h(p.name),
    summary: `${badge(p.status)} ${h(p.statusDescription ?? "")} · Updated ${time(data.generatedAt)}`,
    feeds: `<link rel="alternate" type="application/atom+xml" title="${h(p.name)} changes" href="/providers/${encodeURIComponent(p.id)}/feed.atom">`,
    main: `<p><a href="/">← all providers</a> · ${link(p.url, "the provider's own status page")} · <a href="/providers/${encodeURIComponent(p.id)}/feed.atom">Atom feed</a> · <a href="/api/v1/providers/${encodeURIComponent(p.id)}">as JSON</a> · <a href="/badge/${encodeURIComponent(p.id)}.svg">badge</a></p>
<section id="components" aria-labelledby="h-components"><h2 id="h-components">Components (${data.components.length})</h2>${components(data)}</section>
<section id="open" aria-labelledby="h-open"><h2 id="h-open">Open incidents (${data.openIncidents.length})</h2>${incidentsTable(data.openIncidents, "No open incidents.", false)}</section>
<section id="maintenances" aria-labelledby="h-maint"><h2 id="h-maint">Maintenance</h2><h3>In progress</h3>${maintenancesTable(data.activeMaintenances, "None in progress.", false)}<h3>Upcoming, next 7 days</h3>${maintenancesTable(data.upcomingMaintenances, "None scheduled.", false)}<h3>Recently completed</h3>${maintenancesTable(data.pastMaintenances, "None recorded.", false)}</section>
<section id="past" aria-labelledby="h-past"><h2 id="h-past">Past incidents</h2>${incidentsTable(data.pastIncidents, "No resolved incidents recorded.", false)}${more}</section>
<section id="source" aria-labelledby="h-source"><h2 id="h-source">Source health</h2>${sourceHealth(data)}</section>
<section id="recent" aria-labelledby="h-recent"><h2 id="h-recent">Recent changes</h2>${recentTable(data.recent, false)}</section>
<section id="subscribe" aria-labelledby="h-subscribe"><h2 id="h-subscribe">Get updates</h2>${subscribeForm(
      p.id,
      data.components.map((c) => c.name),
      opts,
    )}</section>`,
  });
}
