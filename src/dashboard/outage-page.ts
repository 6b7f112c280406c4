import type { OutageListItem } from "../services/outage-pages";
import { agoText, offsetText, type OutageStory, spanText, type StoryStatus, storyStatus } from "../outages/story";
import { escapeHtml as h } from "../util/escape-html";
import { frame, link, table, time, updateList } from "./parts";

/** The fact list and the timeline's rows; the outage pages add these to the shared STYLE. */
export const OUTAGE_STYLE = `
.facts{display:grid;grid-template-columns:minmax(0,13em) minmax(0,1fr);gap:6px 16px;background:var(--card);padding:10px 12px;margin:0}.facts dt{color:var(--muted)}.facts dd{margin:0}
.timeline{list-style:none;margin:0;padding:0;background:var(--card)}.timeline li{display:grid;grid-template-columns:12em 6.5em minmax(0,1fr);gap:0 10px;padding:5px 12px;border-left:3px solid var(--line);border-bottom:1px solid var(--line)}
.timeline time{white-space:nowrap}.timeline li[data-kind=statuswatch]{border-left-color:var(--part)}.timeline li[data-kind=page]{border-left-color:var(--mnt)}.timeline li[data-kind=end]{border-left-color:var(--ok)}
@media (max-width:640px){.facts{grid-template-columns:minmax(0,1fr);gap:0}.facts dd{margin:0 0 8px}.timeline li{grid-template-columns:auto minmax(0,1fr)}.timeline .what{grid-column:1/-1}}`;

/** Open episodes reload themselves, like `/`; there is no script. */
export const OUTAGE_REFRESH_SECONDS = 60;

/** The page's badge classes, reused from component statuses, with a shape so state never rests on colour. */
const STATE_BADGE: Record<StoryStatus, { cls: string; mark: string; label: string }> = {
  suspected: { cls: "s-partial_outage", mark: "◆", label: "Suspected" },
  confirmed: { cls: "s-major_outage", mark: "✕", label: "Confirmed" },
  ended: { cls: "s-operational", mark: "✓", label: "Ended" },
  unacknowledged: { cls: "s-major_outage", mark: "✕", label: "Never acknowledged" },
  false_alarm: { cls: "s-unknown", mark: "○", label: "False alarm" },
};

export function stateBadge(status: StoryStatus): string {
  const b = STATE_BADGE[status];
  return `<span class="badge ${b.cls}" data-state="${status}"><span aria-hidden="true">${b.mark} </span>${h(b.label)}</span>`;
}

/** What the outage is called in headings: the story's status decides the word. */
export function outageTitle(status: StoryStatus, id: number): string {
  return `${status === "suspected" ? "Possible outage" : status === "false_alarm" ? "False alarm" : "Outage"} #${id}`;
}

/** A removed provider keeps its outages but has no page: named, not linked. */
const providerRef = (id: string, name: string, removed: boolean | undefined) =>
  removed ? `${h(name)} <span class="muted">(removed)</span>` : `<a href="/providers/${encodeURIComponent(id)}">${h(name)}</a>`;

/** A UTC time and how long ago it was. */
const when = (at: Date, now: Date) => `${time(at)} <span class="muted">(${h(agoText(at, now))})</span>`;

function facts(s: OutageStory, now: Date): string {
  const rows: Array<[string, string]> = [
    ["Provider", providerRef(s.provider.id, s.provider.name, s.provider.removed)],
    ["Status", `${stateBadge(s.status)} ${h(s.statusText)}`],
    ["First signal", when(s.firstSignalAt, now)],
    ["statuswatch suspected it", `${when(s.suspectedAt, now)} · confidence ${Math.round(s.peakConfidence * 100)} % at its peak`],
    [
      "Status page acknowledged",
      s.acknowledgedAt
        ? `${when(s.acknowledgedAt, now)}${s.incident ? ` · <a href="/incidents/${s.incident.id}">${h(s.incident.title)}</a>` : ""}`
        : `<span class="muted">${h(s.status === "suspected" ? "Not yet." : "Never.")}</span>`,
    ],
    ["Lead time", h(s.lead.text)],
    [
      "Duration",
      h(
        `${spanText(s.durationSeconds)}${s.open ? " so far" : ""}, from the first signal to ${s.open ? "now" : s.incident?.resolvedAt ? "the page's resolution" : "the end"}`,
      ),
    ],
    [
      "Affected",
      s.components.length
        ? s.components.map((c) => `${h(c.name)} <span class="muted">(${h(c.from.join(", "))})</span>`).join(", ")
        : '<span class="muted">not stated</span>',
    ],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function signals(s: OutageStory): string {
  const reasons = s.reasons.length
    ? `<h3>Why statuswatch suspected it</h3><ul class="reasons">${s.reasons
        .map((r) => `<li data-signal="${h(r.signal)}">${h(r.signal)}: ${h(r.text)}${r.fired ? "" : ' <span class="muted">(supporting)</span>'}</li>`)
        .join("")}</ul>`
    : "";
  if (!s.signals.length) return `<p class="empty">No signal data is stored around this outage (its series may have been removed).</p>${reasons}`;
  return (
    table(
      ["Signal", "Abnormal", "First", "Last", "What it saw"],
      s.signals.map((x) => ({
        attrs: `data-signal="${x.kind}"`,
        cells: [h(x.label) + (x.cited ? "" : ' <span class="muted">(not cited)</span>'), String(x.count), time(x.first), time(x.last), h(x.detail)],
      })),
    ) + reasons
  );
}

function incident(s: OutageStory): string {
  const i = s.incident;
  const name = s.provider.name;
  if (!i) {
    const none =
      s.status === "suspected"
        ? `No incident yet: ${name}'s status page has not acknowledged this outage. It appears here when the page opens one.`
        : s.status === "false_alarm"
          ? "None: this was dismissed as a false alarm, so there was nothing for the status page to acknowledge."
          : s.status === "unacknowledged"
            ? `None: ${name}'s status page never opened an incident for this outage.`
            : "The incident that confirmed this outage is no longer stored.";
    return `<p class="empty" id="no-incident">${h(none)}</p>`;
  }
  const resolved = i.resolvedAt ? ` · resolved ${time(i.resolvedAt)}` : " · still open";
  return `<p><a href="/incidents/${i.id}">${h(i.title)}</a> · ${h(i.status)} · impact ${h(i.impact)} · started ${time(i.startedAt)}${resolved} · ${link(i.url, "on the provider's status page")}</p>
<h3>Updates (${i.updates.length})</h3>${updateList(i.updates, "The page has posted no updates.")}`;
}

function timeline(s: OutageStory): string {
  const items = s.timeline.map(
    (t) =>
      `<li data-kind="${t.kind}">${time(t.at)} <span class="muted">${h(offsetText(t.at, s.firstSignalAt))}</span> <span class="what">${h(t.text)}</span></li>`,
  );
  return `<p class="legend">Times in UTC; the offset counts from the first signal.</p><ol class="timeline">${items.join("")}</ol>`;
}

/** One outage for the on-call engineer now and the manager later: status, signals, the page's side, lead, timeline. */
export function renderOutagePage(s: OutageStory, now = new Date()): string {
  const title = outageTitle(s.status, s.id);
  return frame({
    title: `${s.provider.name}: ${title} · statuswatch`,
    heading: `${h(s.provider.name)}: ${h(title)}`,
    summary: `${stateBadge(s.status)} first signal ${time(s.firstSignalAt)} · ${h(s.open ? `${spanText(s.durationSeconds)} so far` : `lasted ${spanText(s.durationSeconds)}`)}`,
    style: OUTAGE_STYLE,
    ...(s.open ? { refresh: OUTAGE_REFRESH_SECONDS } : {}),
    main: `<p><a href="/outages">← all outages</a> · ${providerRef(s.provider.id, s.provider.name, s.provider.removed)} · ${link(s.provider.url, "the provider's own status page")} · <a href="/api/v1/outages/${s.id}">as JSON</a></p>
<section id="story" aria-labelledby="h-story"><h2 id="h-story">What happened</h2>${facts(s, now)}</section>
<section id="signals" aria-labelledby="h-signals"><h2 id="h-signals">Signals</h2>${signals(s)}</section>
<section id="incident" aria-labelledby="h-incident"><h2 id="h-incident">The status page's incident</h2>${incident(s)}</section>
<section id="timeline" aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline (${s.timeline.length})</h2>${timeline(s)}</section>`,
  });
}

function leadCell(i: OutageListItem): string {
  if (i.leadSeconds === null) return `<span class="muted">${i.state === "suspected" ? "not acknowledged yet" : "—"}</span>`;
  return h(i.leadSeconds > 0 ? `${spanText(i.leadSeconds)} ahead` : "page first");
}

/** Recent outages, newest first, a page at a time. */
export function renderOutagesIndex(data: { items: OutageListItem[]; next?: { at: Date; id: number }; paged: boolean }, now = new Date()): string {
  const rows = data.items.map((i) => {
    const status = storyStatus(i);
    return {
      attrs: `data-outage="${i.id}"`,
      cells: [
        `<a href="/outages/${i.id}">${h(outageTitle(status, i.id))}</a>`,
        providerRef(i.providerId, i.providerName, i.providerRemoved),
        stateBadge(status),
        when(i.suspectedAt, now),
        leadCell(i),
        i.incidentId !== null ? `<a href="/incidents/${i.incidentId}">${h(i.incidentTitle ?? `#${i.incidentId}`)}</a>` : '<span class="muted">none</span>',
      ],
    };
  });
  const list = rows.length
    ? table(["Outage", "Provider", "Status", "Suspected", "Lead", "Status page incident"], rows)
    : `<p class="empty">${h(
        data.paged
          ? "No older outages."
          : "No outages recorded yet. statuswatch records one when a provider's signals (crowd reports, your people's reports, probes, component changes) cross the detector's threshold before its status page says anything.",
      )}</p>`;
  const more = data.next ? `<p><a rel="next" href="/outages?before=${data.next.at.getTime()}-${data.next.id}">Older outages →</a></p>` : "";
  return frame({
    title: "Outages · statuswatch",
    heading: "Outages",
    summary: h("Early warnings: outages statuswatch suspected from signals, and what each provider's status page said."),
    main: `<p><a href="/">← all providers</a> · <a href="/api/v1/outages">as JSON</a></p>
<section id="outages" aria-labelledby="h-outages"><h2 id="h-outages">${data.paged ? "Older outages" : "Recent outages"}</h2>${list}${more}</section>`,
  });
}
