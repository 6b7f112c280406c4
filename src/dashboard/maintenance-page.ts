import type { MaintenanceService } from "../services/maintenances";
import { escapeHtml as h } from "../util/escape-html";
import { affected } from "./lists";
import { detailPage, link, time, updateList } from "./parts";

export type MaintenanceDetail = NonNullable<Awaited<ReturnType<MaintenanceService["get"]>>>;

/** One maintenance for people: its window, what it touches, the provider's updates oldest first. */
export function renderMaintenancePage(m: MaintenanceDetail): string {
  const window = m.scheduledFor ? `${time(m.scheduledFor)}${m.scheduledUntil ? ` – ${time(m.scheduledUntil)}` : ""}` : '<span class="muted">not stated</span>';
  return detailPage({
    provider: m.providerName,
    providerId: m.providerId,
    title: m.title,
    summary: `${h(m.status.replace(/_/g, " "))} · window ${window}`,
    links: `${link(m.url, "on the provider's status page")} · <a href="/api/v1/maintenances/${m.id}">as JSON</a>`,
    sections: [
      `<section id="affected"><h2>Affected</h2><p>${affected(m.components)}</p></section>`,
      `<section id="updates"><h2>Updates (${m.updates.length})</h2>${updateList(
        m.updates.map((u) => ({ heading: u.status.replace(/_/g, " "), at: u.at, body: u.body })),
        "The page has posted no updates.",
      )}</section>`,
    ].join("\n"),
  });
}
