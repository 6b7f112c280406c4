import { htmlToText } from "../text/html-text";
import type { DayBar } from "../uptime/bars";
import { observedSpan } from "../uptime/bars";
import { escapeHtml as h, safeHref } from "../util/escape-html";

/** Pieces shared by the dashboard's pages: one stylesheet, status badges, times, safe links, bars. */
export const STATUS_LABEL: Record<string, string> = {
  operational: "Operational",
  degraded_performance: "Degraded",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Maintenance",
  unknown: "Unknown",
};
/** A shape beside each label so status never rests on colour alone. */
const STATUS_MARK: Record<string, string> = {
  operational: "✓",
  degraded_performance: "▲",
  partial_outage: "◆",
  major_outage: "✕",
  under_maintenance: "⚙",
  unknown: "?",
};
export const HEALTH_LABEL: Record<string, string> = { ok: "", failing: "source failing", unreachable: "source unreachable", pending: "not polled yet" };

export const STYLE = `
:root{--bg:#f6f7f9;--fg:#1d2330;--card:#fff;--line:#dfe3e8;--muted:#5c6370;--head:#1d2330;--headfg:#fff;--headmuted:#c5cad3;--link:#0b57d0;
--ok:#1f8a47;--deg:#c99400;--part:#e06c00;--maj:#c62828;--mnt:#2f6fd6;--none:transparent;--noneline:#9aa1ab}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--fg:#e6e8ec;--card:#1b1f27;--line:#2e3440;--muted:#a3aab5;--head:#0b0d11;--headfg:#fff;--headmuted:#b8bec8;--link:#8ab4f8;
--ok:#3fb56a;--deg:#e0b000;--part:#f08a2c;--maj:#ef5350;--mnt:#6a9cf0;--noneline:#6b7280}}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
a{color:var(--link)}
header{background:var(--head);color:var(--headfg);padding:14px 16px}header h1{margin:0;font-size:21px}header p{margin:4px 0 0;color:var(--headmuted)}
header a{color:var(--headfg)}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--card);padding:6px;z-index:1}
nav{padding:10px 16px;border-bottom:1px solid var(--line);background:var(--card)}nav ul{list-style:none;margin:0 0 8px;padding:0;display:flex;flex-wrap:wrap;gap:6px 14px}
nav form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
input,select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--noneline);border-radius:6px;padding:6px 8px;max-width:100%}
button{background:var(--link);color:var(--card);border-color:var(--link);cursor:pointer}
main{padding:16px;max-width:1100px;margin:0 auto}section{margin-bottom:28px}h2{font-size:18px;margin:0 0 8px}h3{font-size:16px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{white-space:nowrap;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase}
@media (max-width:640px){table,tbody,tr,td{display:block;width:100%}thead{position:absolute;left:-9999px}tr{border-bottom:1px solid var(--line);padding:6px 0}td{border:0;padding:2px 10px}
td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:12px;text-transform:uppercase}}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;white-space:nowrap}
.s-operational{background:#d4f2dd;color:#0f4d23}.s-degraded_performance{background:#fff0b3;color:#574300}
.s-partial_outage{background:#ffdcbd;color:#6b3000}.s-major_outage{background:#ffd0d0;color:#7a0c0c}
.s-under_maintenance{background:#d6e4ff;color:#0f357a}.s-unknown{background:#e4e7eb;color:#3d434d}
.health{color:var(--maj);font-size:13px}.muted{color:var(--muted)}.empty{color:var(--muted);background:var(--card);padding:10px;margin:0}
.update{background:var(--card);padding:10px 12px;margin-bottom:8px;border-left:3px solid var(--line);white-space:pre-wrap}.update h3{margin:0 0 4px;font-size:15px}
.plist{list-style:none;margin:0;padding:0}.plist>li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin-bottom:8px}
.prow{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline;justify-content:space-between}.prow .name{font-weight:600}
.bars{display:flex;gap:1px;list-style:none;margin:6px 0 2px;padding:0;height:26px;align-items:stretch}
.bars li{flex:1 1 0;min-width:0;border-radius:1px;background:var(--ok)}
.bars .n{background:var(--none);box-shadow:inset 0 0 0 1px var(--noneline);height:60%;align-self:flex-end}
.bars .d{background:var(--deg)}.bars .p{background:var(--part)}.bars .x{background:var(--maj)}.bars .m{background:var(--mnt)}
.why{margin:2px 0;font-size:13px;color:var(--maj)}
.category{margin-bottom:14px}details{background:var(--card);border:1px solid var(--line);border-radius:8px}summary{cursor:pointer;padding:8px 12px;font-weight:600}
.clist{list-style:none;margin:0;padding:0}.clist>li{display:grid;grid-template-columns:minmax(0,1fr) auto;grid-template-areas:"n u" "b b";gap:0 12px;align-items:center;padding:6px 12px;border-top:1px solid var(--line)}
.clist .name{grid-area:n}.clist .uptime{grid-area:u;font-size:13px;color:var(--muted)}.clist .bars{grid-area:b;height:14px;margin:3px 0}.clist .badge{font-size:12px}
@media (min-width:760px){.clist>li{grid-template-columns:minmax(0,17em) minmax(0,1fr) 11em;grid-template-areas:"n b u"}.clist .uptime{text-align:right}}
.barlegend{display:flex;justify-content:space-between;font-size:12px;color:var(--muted)}
.legend{font-size:13px;color:var(--muted)}
footer{padding:16px;text-align:center;color:var(--muted);font-size:13px}
.notice{background:var(--card);border-left:4px solid var(--link);padding:10px 12px}`;

export function statusWord(status: string | null | undefined): string {
  if (!status) return "";
  return (STATUS_LABEL[status] ?? status.replace(/_/g, " ")).toLowerCase();
}

export function badge(status: string): string {
  const key = STATUS_LABEL[status] ? status : "unknown";
  return `<span class="badge s-${key}"><span aria-hidden="true">${STATUS_MARK[key]} </span>${h(STATUS_LABEL[key]!)}</span>`;
}

export function time(d: Date | null | undefined): string {
  if (!d) return `<span class="muted">—</span>`;
  const iso = d.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

export function link(url: string | null | undefined, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${h(href)}" rel="noopener noreferrer">${h(text)}</a>` : h(text);
}

/** Names once each, in first-seen order ("API, API" from two updates becomes "API"). */
export function uniqueNames(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))];
}

/** A table that turns into labelled rows on narrow screens; cells are already-escaped HTML. */
export function table(headers: string[], rows: Array<{ attrs?: string; cells: string[] }>): string {
  const head = headers.map((x) => `<th scope="col">${h(x)}</th>`).join("");
  const body = rows
    .map((r) => `<tr${r.attrs ? ` ${r.attrs}` : ""}>${r.cells.map((c, i) => `<td data-label="${h(headers[i] ?? "")}">${c}</td>`).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function hours(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * A day's bar class by its worst status; none for a good day (the default colour). `/` carries
 * 27,000 bars: every byte of a bar counts 27 KB.
 */
export const DAY_CLASS: Record<string, string> = {
  none: "n",
  operational: "",
  degraded_performance: "d",
  partial_outage: "p",
  major_outage: "x",
  under_maintenance: "m",
};

/**
 * The title of one day's bar: what a person wants on hover, or nothing where the bar says it all
 * (a good day watched all day; a day never observed, drawn outlined and explained by the legend).
 */
function dayTitle(d: DayBar): string | undefined {
  if (d.worst === null) return undefined;
  if (d.worst === "operational" && d.observedSeconds >= 86_400) return undefined;
  const up = d.uptimePercent === null ? "" : `, ${d.uptimePercent.toFixed(2)} % up`;
  const down = d.downtimeSeconds ? `, ${hours(d.downtimeSeconds)} weighted downtime` : "";
  const observed = d.observedSeconds >= 86_400 ? "" : ` (observed ${hours(d.observedSeconds)})`;
  return `${d.date}: worst ${statusWord(d.worst)}${up}${down}${observed}`;
}

/** What a run of bars renders to; kept per run (see ProviderBars.runs), and dropped with it. */
interface RenderedRun {
  html: string;
  seen: number;
  bad: number;
  /** The same HTML encoded once, for pages sent as bytes (see dayBarsParts). */
  bytes?: Buffer;
}
const renderedRuns = new WeakMap<readonly DayBar[], RenderedRun>();

function renderRun(days: readonly DayBar[]): RenderedRun {
  const known = renderedRuns.get(days);
  if (known) return known;
  let bad = 0;
  let seen = 0;
  const items: string[] = [];
  for (const d of days) {
    if (d.worst !== null) {
      seen++;
      if (d.worst !== "operational") bad++;
    }
    const cls = DAY_CLASS[d.worst ?? "none"];
    const title = dayTitle(d);
    // Unquoted attribute values (a date, one letter) and no end tag: valid HTML, 7 bytes less per bar.
    items.push(`<li${cls ? ` class=${cls}` : ""} data-date=${d.date}${title ? ` title="${h(title)}"` : ""}>`);
  }
  // join gives one flat string; `+=` would give a rope that every page built from it walks again.
  const out: RenderedRun = { html: items.join(""), seen, bad };
  renderedRuns.set(days, out);
  return out;
}

/** HTML as pieces: text, or text already encoded as UTF-8 (sent as is, never copied into a string). */
export type HtmlParts = Array<string | Buffer>;

/**
 * One bar per day, oldest first, from runs of days read one after the other; unobserved days are
 * outlined and shorter, not green. `/` shows 27,000 bars: a run that comes back unchanged (the
 * stored days of a provider) is rendered and encoded once, and its bytes go out as they are.
 * `withDates`: the first day and "today" under the bars (a compact row goes without).
 */
export function dayBarsParts(runs: ReadonlyArray<readonly DayBar[]>, label: string, withDates = true): HtmlParts {
  let count = 0;
  let seen = 0;
  let bad = 0;
  const items: HtmlParts = [];
  for (const run of runs) {
    const r = renderRun(run);
    count += run.length;
    seen += r.seen;
    bad += r.bad;
    // Long runs (the stored days) are encoded once and kept; today's short run is cheap to encode again.
    if (run.length > 1) items.push((r.bytes ??= Buffer.from(r.html)));
    else items.push(r.html);
  }
  const first = runs.find((r) => r.length > 0)?.[0]?.date ?? "";
  return [
    `<ol class="bars" aria-label="${h(`${label}: ${count} days, ${seen} observed, ${bad} with problems`)}">`,
    ...items,
    withDates ? `</ol><div class="barlegend" aria-hidden="true"><span>${h(first)}</span><span>today</span></div>` : "</ol>",
  ];
}

/** dayBarsParts as one string. */
export function dayBars(runs: ReadonlyArray<readonly DayBar[]>, label: string): string {
  return partsToString(dayBarsParts(runs, label));
}

export function partsToString(parts: HtmlParts): string {
  return parts.map((p) => (typeof p === "string" ? p : p.toString("utf8"))).join("");
}

/** The page's bytes: text parts encoded, encoded parts copied once into one buffer. */
export function partsToBuffer(parts: HtmlParts): Buffer {
  const buffers: Buffer[] = [];
  let text: string[] = [];
  // Text between two encoded parts is encoded in one go: one small buffer per provider, not five.
  for (const p of parts) {
    if (typeof p === "string") text.push(p);
    else {
      if (text.length) buffers.push(Buffer.from(text.join("")));
      text = [];
      buffers.push(p);
    }
  }
  if (text.length) buffers.push(Buffer.from(text.join("")));
  return Buffer.concat(buffers);
}

export function uptimeText(percent: number | null, observedSeconds: number): string {
  if (percent === null) return `<span class="muted">no history yet</span>`;
  const digits = percent >= 99.995 ? 0 : 2;
  return `${percent.toFixed(digits)} % over ${h(observedSpan(observedSeconds))}`;
}

export const LEGEND = `<p class="legend">Bars: one per UTC day, oldest left. <span aria-hidden="true">■</span> green operational, yellow degraded, orange partial outage, red major outage, blue maintenance; an outlined short bar is a day statuswatch did not observe. Hover a bar that is not plain green for its figures.</p>`;

/** The common frame of every page: landmarks, skip link, header, optional nav, main, footer. */
export function frame(opts: FrameOptions & { main: string }): string {
  const [head, tail] = frameAround(opts);
  return head + opts.main + tail;
}

interface FrameOptions {
  title: string;
  heading: string;
  summary: string;
  nav?: string;
  refresh?: number;
  feeds?: string;
  /** Rules only this page needs, after the shared STYLE (kept off `/`, which is large enough). */
  style?: string;
}

/** What frame puts before and after the main content. */
export function frameAround(opts: FrameOptions): [string, string] {
  return [
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">${opts.refresh ? `<meta http-equiv="refresh" content="${opts.refresh}">` : ""}
<title>${h(opts.title)}</title>${opts.feeds ?? ""}<style>${STYLE}${opts.style ?? ""}</style></head>
<body><a class="skip" href="#main">Skip to content</a><header><h1>${opts.heading}</h1><p>${opts.summary}</p></header>
${opts.nav ?? ""}<main id="main">
`,
    `
</main><footer><a href="/">All providers</a> · <a href="/outages">Outages</a> · <a href="/feed.atom">Atom feed</a> · <a href="/maintenances.ics">Maintenance calendar</a></footer></body></html>`,
  ];
}

/** A page about one thing (an incident, a maintenance): escaped title, a summary line, sections. */
export function detailPage(opts: { provider: string; providerId?: string; title: string; summary: string; links: string; sections: string }): string {
  const back = opts.providerId ? `<a href="/providers/${encodeURIComponent(opts.providerId)}">← ${h(opts.provider)}</a> · ` : "";
  return frame({
    title: `${opts.provider}: ${opts.title} · statuswatch`,
    heading: `${h(opts.provider)}: ${h(opts.title)}`,
    summary: opts.summary,
    main: `<p>${back}<a href="/">← all providers</a> · ${opts.links}</p>\n${opts.sections}`,
  });
}

/** Update bodies are the provider's markup: shown as text, oldest first. */
export function updateList(updates: Array<{ heading: string; at: Date; body: string }>, none: string): string {
  return (
    updates
      .map((u) => `<article class="update"><h3>${h(u.heading)} <span class="muted">${time(u.at)}</span></h3>${h(htmlToText(u.body))}</article>`)
      .join("") || `<p class="empty">${h(none)}</p>`
  );
}
