import type { IncidentService } from "../services/incidents";
import { htmlToText } from "../sources/html-text";
import { escapeHtml as h } from "../util/escape-html";
import { link, STYLE, time } from "./parts";

export type IncidentDetail = NonNullable<Awaited<ReturnType<IncidentService["get"]>>>;

function duration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return hours ? `${hours}h ${minutes}m` : `${minutes}m`;
}

/** One incident for people: what happened, in the provider's words, oldest update first. */
export function renderIncidentPage(i: IncidentDetail): string {
  const lasted = i.durationSeconds !== null ? ` after ${duration(i.durationSeconds)}` : "";
  const updates = i.updates.map(
    (u) =>
      `<article class="update"><h3>${h(u.label ?? u.status)} <span class="muted">${time(u.at)}</span></h3>${h(htmlToText(u.body))}</article>`,
  );
  const transitions = i.transitions.map((t) => `<li>${h(t.from ? `${t.from} → ${t.to}` : `opened: ${t.to}`)} <span class="muted">${time(t.at)}</span></li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`${i.providerName}: ${i.title}`)} · statuswatch</title><style>${STYLE}</style></head>
<body><header><h1>${h(i.providerName)}: ${h(i.title)}</h1><p>${h(i.status)}${h(lasted)} · impact ${h(i.impact)} · started ${time(i.startedAt)}</p></header>
<main>
<p><a href="/">← all providers</a> · ${link(i.url, "on the provider's status page")} · <a href="/api/v1/incidents/${i.id}">as JSON</a></p>
<section id="affected"><h2>Affected</h2><p>${i.components.length ? h(i.components.join(", ")) : '<span class="muted">not stated</span>'}</p></section>
<section id="updates"><h2>Updates (${i.updates.length})</h2>${updates.join("") || '<p class="empty">The page has posted no updates.</p>'}</section>
<section id="transitions"><h2>Transitions</h2><ul>${transitions.join("")}</ul></section>
</main></body></html>`;
}
