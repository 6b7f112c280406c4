import type { IncidentService } from "../services/incidents";
import { escapeHtml as h } from "../util/escape-html";
import { affected } from "./lists";
import { detailPage, link, time, updateList } from "./parts";

export type IncidentDetail = NonNullable<Awaited<ReturnType<IncidentService["get"]>>>;

function duration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return hours ? `${hours}h ${minutes}m` : `${minutes}m`;
}

/** One incident for people: what happened, in the provider's words, oldest update first. */
export function renderIncidentPage(i: IncidentDetail): string {
  const lasted = i.durationSeconds !== null ? ` after ${duration(i.durationSeconds)}` : "";
  const transitions = i.transitions.map((t) => `<li>${h(t.from ? `${t.from} → ${t.to}` : `opened: ${t.to}`)} <span class="muted">${time(t.at)}</span></li>`);
  return detailPage({
    provider: i.providerName,
    providerId: i.providerId,
    title: i.title,
    summary: `${h(i.status)}${h(lasted)} · impact ${h(i.impact)} · started ${time(i.startedAt)}`,
    links: `${link(i.url, "on the provider's status page")} · <a href="/api/v1/incidents/${i.id}">as JSON</a>`,
    sections: [
      `<section id="affected"><h2>Affected</h2><p>${affected(i.components)}</p></section>`,
      `<section id="updates"><h2>Updates (${i.updates.length})</h2>${updateList(
        i.updates.map((u) => ({ heading: u.label ?? u.status, at: u.at, body: u.body })),
        "The page has posted no updates.",
      )}</section>`,
      `<section id="transitions"><h2>Transitions</h2><ul>${transitions.join("")}</ul></section>`,
    ].join("\n"),
  });
}
