import type { SlaPageData } from "../services/sla";
import { escapeHtml as h } from "../util/escape-html";
import { detailPage, link } from "./parts";

function duration(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const stamp = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A printable SLA report for one month: figures, the rule, and every counted incident. Script-free, escaped. */
export function renderSlaPage(d: SlaPageData): string {
  const scope = d.component ? `component “${d.component}”` : "the whole provider";
  const figures = [
    ["Month", d.month],
    ["Period judged", `${stamp(d.periodStart)} – ${stamp(d.periodEnd)}`],
    ["Scope", scope],
    ["Published SLA", d.slaPercent === null ? "none stated" : `${d.slaPercent} %`],
    ["Availability", `${d.availabilityPercent} %`],
    ["Downtime (weighted)", `${d.downtimeSeconds} s (${duration(d.downtimeSeconds)})`],
    ["Breached", d.breached === null ? "—" : d.breached ? "yes" : "no"],
    ["Credit", d.creditPercent === null ? "—" : `${d.creditPercent} %`],
  ];
  const table = `<table class="figures"><tbody>${figures.map(([k, v]) => `<tr><th>${h(k!)}</th><td>${h(v!)}</td></tr>`).join("")}</tbody></table>`;
  const evidence = d.evidence.length
    ? `<table><thead><tr><th>Incident</th><th>From</th><th>To</th><th>Impact</th><th>Counted</th></tr></thead><tbody>${d.evidence
        .map(
          (e) =>
            `<tr data-incident="${e.incidentId}"><td>${link(e.url, e.title)}</td><td>${h(stamp(e.from))}</td><td>${h(stamp(e.to))}</td><td>${h(e.impact)}</td><td>${e.countedSeconds} s</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p class="empty">No incident counted against ${h(scope)} this month.</p>`;
  const observed = d.observed.length
    ? `<table><thead><tr><th>Episode</th><th>State</th><th>From</th><th>To</th><th>Duration</th></tr></thead><tbody>${d.observed
        .map(
          (o) =>
            `<tr><td>#${o.episodeId}</td><td>${h(o.state)}</td><td>${h(stamp(o.from))}</td><td>${h(stamp(o.to))}</td><td>${h(duration(o.seconds))}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p class="empty">No confirmed early-warning outages this month.</p>`;
  const rule =
    "Incidents count from start to resolution (or now / the month’s end), clipped to the month: critical and major impact fully, minor at 30 %, none not at all; overlapping incidents count once at the highest weight. With a component, only incidents naming it or naming none count, and where statuswatch watched the component’s own status, that history is used for the time it covers.";
  return detailPage({
    provider: d.providerName,
    title: `SLA report ${d.month}`,
    summary: h(`Availability ${d.availabilityPercent} % for ${scope}.`),
    links: `${d.source ? `${link(d.source, "published SLA")} · ` : ""}<a href="/api/v1/providers/${encodeURIComponent(d.providerId)}/sla?month=${h(d.month)}${d.component ? `&amp;component=${h(encodeURIComponent(d.component))}` : ""}&amp;format=csv">evidence as CSV</a>`,
    sections: `<section id="figures"><h2>Figures</h2>${table}</section>
<section id="evidence"><h2>Evidence (${d.evidence.length})</h2>${evidence}</section>
<section id="observed"><h2>Observed by statuswatch (not in the figure)</h2>${observed}</section>
<section id="rule"><h2>How it is computed</h2><p>${h(rule)}</p></section>`,
  });
}
