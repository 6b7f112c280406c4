import type { DashboardData, RecentEvent } from "../services/dashboard";
import { escapeHtml as h } from "../util/escape-html";
import { changeHref, changeInWords } from "./changes";
import { table, time, uniqueNames } from "./parts";

/** Tables shared by `/` and a provider's page: incidents, maintenances, recent changes. */
const providerLink = (id: string, name: string) => `<a href="/providers/${encodeURIComponent(id)}">${h(name)}</a>`;

export function affected(names: string[]): string {
  const list = uniqueNames(names);
  return list.length ? h(list.join(", ")) : '<span class="muted">not stated</span>';
}

export function incidentsTable(items: DashboardData["openIncidents"], none: string, withProvider = true): string {
  if (items.length === 0) return `<p class="empty">${h(none)}</p>`;
  const headers = [...(withProvider ? ["Provider"] : []), "Incident", "Status", "Impact", "Affected", "Started", ...(withProvider ? [] : ["Resolved"])];
  return table(
    headers,
    items.map((i) => ({
      attrs: `data-incident="${i.id}"`,
      cells: [
        ...(withProvider ? [providerLink(i.providerId, i.providerName)] : []),
        `<a href="/incidents/${i.id}">${h(i.title)}</a>`,
        h(i.status),
        h(i.impact),
        affected(i.components),
        time(i.startedAt),
        ...(withProvider ? [] : [time(i.resolvedAt)]),
      ],
    })),
  );
}

export function maintenancesTable(items: DashboardData["activeMaintenances"], none: string, withProvider = true): string {
  if (items.length === 0) return `<p class="empty">${h(none)}</p>`;
  const headers = [...(withProvider ? ["Provider"] : []), "Maintenance", "Status", "Window", "Affected"];
  return table(
    headers,
    items.map((m) => ({
      attrs: `data-maintenance="${m.id}"`,
      cells: [
        ...(withProvider ? [providerLink(m.providerId, m.providerName)] : []),
        `<a href="/maintenances/${m.id}">${h(m.title)}</a>`,
        h(m.status.replace(/_/g, " ")),
        m.scheduledFor ? `${time(m.scheduledFor)}${m.scheduledUntil ? ` – ${time(m.scheduledUntil)}` : ""}` : '<span class="muted">not stated</span>',
        affected(m.components),
      ],
    })),
  );
}

export function recentTable(items: RecentEvent[], withProvider = true): string {
  if (items.length === 0) return `<p class="empty">Nothing has changed since statuswatch started watching.</p>`;
  // Listed in the order statuswatch saw them; the page's own time can be earlier (backdated updates).
  const headers = ["Seen", ...(withProvider ? ["Provider"] : []), "Change", "Page time"];
  return table(
    headers,
    items.map((e) => ({
      attrs: `data-event="${e.id}"`,
      cells: [
        time(e.recordedAt),
        ...(withProvider ? [providerLink(e.providerId, e.providerName)] : []),
        `<a href="${h(changeHref(e))}">${h(changeInWords(e))}</a>`,
        time(e.at),
      ],
    })),
  );
}
