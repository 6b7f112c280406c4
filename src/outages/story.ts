import { DEFAULT_SETTINGS } from "../detect/detector";
import { DEFAULT_EPISODE_SETTINGS } from "../detect/episode";
import type { OutageStateName } from "./service";

/**
 * One outage episode told for people (`/outages/:id`): what it is now, which signals saw it when,
 * when the page admitted it, the lead, and a timeline. Pure: the caller reads the rows, this decides
 * the words, so the rules are tested as a table.
 */

export interface StoryInput {
  now: Date;
  episode: {
    id: number;
    state: OutageStateName;
    suspectedAt: Date;
    openedAt: Date;
    confirmedAt: Date | null;
    acknowledgedAt: Date | null;
    leadSeconds: number | null;
    endedAt: Date | null;
    confidence: number;
    peakConfidence: number;
    /** As stored: `[{ signal, text, at, score, fired }]`; anything else is ignored. */
    reasons: unknown;
  };
  /** `removed`: the provider was deleted (its history kept), so it has no page to link. */
  provider: { id: string; name: string; url: string | null; removed?: boolean };
  /** Crowd series points around the episode, any order. */
  crowd: Array<{ at: Date; reports: number; baseline: number | null }>;
  probes: Array<{ at: Date; ok: boolean; detail: string | null }>;
  /** Counted reports from the team (never who). `affected: false` is a "Not affected" vote. */
  reports: Array<{ at: Date; affected: boolean; symptom: string | null; component: string | null }>;
  /** The status page's own component changes around the episode. */
  componentChanges: Array<{ at: Date; component: string; from: string | null; to: string }>;
  incident?: {
    id: number;
    title: string;
    status: string;
    impact: string;
    startedAt: Date;
    resolvedAt: Date | null;
    url: string | null;
    components: string[];
    updates: Array<{ at: Date; heading: string; body: string; components: string[] }>;
  };
}

export type StoryStatus = "suspected" | "confirmed" | "ended" | "unacknowledged" | "false_alarm";
export type SignalKind = "crowd" | "reports" | "probe" | "component";

export interface SignalSummary {
  kind: SignalKind;
  label: string;
  /** How many observations counted as abnormal (elevated points, reports, failed checks, changes). */
  count: number;
  /** "3 of 12 checks failed", "peak 140 reports (usual 4)". */
  detail: string;
  first?: Date;
  last?: Date;
  /** The detector named this signal among its reasons. */
  cited: boolean;
}

export interface TimelineEntry {
  at: Date;
  kind: "signal" | "statuswatch" | "page" | "end";
  text: string;
}

export interface OutageStory {
  id: number;
  provider: StoryInput["provider"];
  status: StoryStatus;
  statusLabel: string;
  statusText: string;
  open: boolean;
  suspectedAt: Date;
  firstSignalAt: Date;
  /** Episode end, the page's resolution, or (open) now. */
  until: Date;
  durationSeconds: number;
  confidence: number;
  peakConfidence: number;
  lead: { seconds: number | null; text: string };
  reasons: Array<{ signal: string; text: string; at: Date | null; fired: boolean }>;
  signals: SignalSummary[];
  components: Array<{ name: string; from: Array<"status page" | "your reports"> }>;
  incident?: StoryInput["incident"];
  acknowledgedAt: Date | null;
  timeline: TimelineEntry[];
}

/** "34 min", "1 h 5 min", "2 d 3 h": spans people read at a glance. */
export function spanText(seconds: number): string {
  const m = Math.round(Math.abs(seconds) / 60);
  if (m < 1) return `${Math.round(Math.abs(seconds))} s`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "+12 min" / "−5 min" / "±0" from a reference moment. */
export function offsetText(at: Date, from: Date): string {
  const s = (at.getTime() - from.getTime()) / 1000;
  if (Math.abs(s) < 30) return "±0";
  return `${s < 0 ? "−" : "+"}${spanText(s)}`;
}

/** "12 min ago", "in 5 min" (a page clock ahead of ours). */
export function agoText(at: Date, now: Date): string {
  const s = (now.getTime() - at.getTime()) / 1000;
  if (Math.abs(s) < 60) return "just now";
  return s > 0 ? `${spanText(s)} ago` : `in ${spanText(s)}`;
}

const SYMPTOM_WORDS: Record<string, string> = { down: "down", errors: "errors", slow: "slow", login: "cannot log in", other: "other" };

function tally(values: Array<string | null>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(", ");
}

const byTime = <T extends { at: Date }>(a: T, b: T) => a.at.getTime() - b.at.getTime();

/** The detector's own bar for one crowd point (its default settings): enough reports and well above usual. */
export function crowdElevated(p: { reports: number; baseline: number | null }): boolean {
  const usual = Math.max(p.baseline ?? DEFAULT_SETTINGS.crowdBaselineFloor, DEFAULT_SETTINGS.crowdBaselineFloor);
  return p.reports >= DEFAULT_SETTINGS.crowdMinReports && p.reports >= DEFAULT_SETTINGS.crowdMinRatio * usual;
}

function readReasons(raw: unknown): OutageStory["reasons"] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    if (!r || typeof r !== "object") return [];
    const { signal, text, at, fired } = r as Record<string, unknown>;
    if (typeof text !== "string") return [];
    const when = typeof at === "string" ? new Date(at) : null;
    return [{ signal: typeof signal === "string" ? signal : "signal", text, at: when && !Number.isNaN(when.getTime()) ? when : null, fired: fired === true }];
  });
}

const STATUS: Record<StoryStatus, { label: string; text: (name: string) => string }> = {
  suspected: { label: "Suspected", text: (n) => `Signals say ${n} has a problem; its status page has not acknowledged it yet.` },
  confirmed: { label: "Confirmed", text: (n) => `${n}'s status page acknowledged it; its incident is still open.` },
  ended: { label: "Ended", text: (n) => `${n}'s status page acknowledged it and has resolved its incident.` },
  unacknowledged: {
    label: "Ended, never acknowledged",
    text: (n) => `The signals were strong and are back to normal; ${n}'s status page never acknowledged the outage.`,
  },
  false_alarm: {
    label: "Dismissed: false alarm",
    text: (n) =>
      `The signals calmed down without reaching the strength of a real outage and ${n}'s status page said nothing: statuswatch counts it as a false alarm.`,
  },
};

/** A confirmed episode has ended once its incident was resolved; the other states say it all. */
export function storyStatus(e: { state: OutageStateName; endedAt: Date | null }): StoryStatus {
  if (e.state === "confirmed") return e.endedAt ? "ended" : "confirmed";
  return e.state;
}

function leadOf(input: StoryInput, status: StoryStatus): OutageStory["lead"] {
  const e = input.episode;
  const name = input.provider.name;
  if (e.leadSeconds !== null) {
    const s = e.leadSeconds;
    if (s > 0) return { seconds: s, text: `statuswatch warned ${spanText(s)} before ${name}'s status page acknowledged it.` };
    if (s === 0) return { seconds: 0, text: `${name}'s status page acknowledged it at the moment statuswatch suspected it: no lead.` };
    return { seconds: s, text: `${name}'s status page spoke ${spanText(s)} before statuswatch's signals: no lead.` };
  }
  if (status === "suspected")
    return { seconds: null, text: `Not acknowledged yet, ${spanText((input.now.getTime() - e.suspectedAt.getTime()) / 1000)} after statuswatch suspected it.` };
  if (status === "unacknowledged") return { seconds: null, text: `${name}'s status page never acknowledged it: statuswatch was the only warning.` };
  if (status === "false_alarm") return { seconds: null, text: "None: there was nothing for the status page to acknowledge." };
  return { seconds: null, text: "Not recorded." };
}

function signalSummaries(input: StoryInput, cited: Set<string>): { summaries: SignalSummary[]; entries: TimelineEntry[] } {
  const summaries: SignalSummary[] = [];
  const entries: TimelineEntry[] = [];

  const crowd = [...input.crowd].sort(byTime);
  if (crowd.length) {
    const high = crowd.filter(crowdElevated);
    const peak = crowd.reduce((a, b) => (b.reports > a.reports ? b : a));
    const usual = (p: { baseline: number | null }) => (p.baseline !== null ? ` (usual ${Math.round(p.baseline * 10) / 10})` : "");
    summaries.push({
      kind: "crowd",
      label: "Crowd reports",
      count: high.length,
      detail: `${high.length} of ${crowd.length} points elevated; peak ${peak.reports} reports${usual(peak)}`,
      first: high[0]?.at,
      last: high.at(-1)?.at,
      cited: cited.has("crowd"),
    });
    if (high[0]) entries.push({ at: high[0].at, kind: "signal", text: `Crowd reports rose: ${high[0].reports}${usual(high[0])}` });
    if (high.length && peak !== high[0]) entries.push({ at: peak.at, kind: "signal", text: `Crowd reports peaked: ${peak.reports}${usual(peak)}` });
  }

  const affected = input.reports.filter((r) => r.affected).sort(byTime);
  const notAffected = input.reports.filter((r) => !r.affected).length;
  if (affected.length || notAffected) {
    const what = tally(affected.map((r) => (r.symptom ? (SYMPTOM_WORDS[r.symptom] ?? r.symptom) : null)));
    const where = tally(affected.map((r) => r.component));
    summaries.push({
      kind: "reports",
      label: "Your people's reports",
      count: affected.length,
      detail:
        `${affected.length} affected` +
        (what ? ` (${what})` : "") +
        (where ? `; components: ${where}` : "") +
        (notAffected ? `; ${notAffected} said not affected` : ""),
      first: affected[0]?.at,
      last: affected.at(-1)?.at,
      cited: cited.has("reports"),
    });
    const first = affected[0];
    if (first) {
      const about = [first.symptom ? (SYMPTOM_WORDS[first.symptom] ?? first.symptom) : null, first.component].filter(Boolean).join(", ");
      entries.push({ at: first.at, kind: "signal", text: `First report from your people${about ? `: ${about}` : ""}` });
    }
    if (affected.length > 1) entries.push({ at: affected.at(-1)!.at, kind: "signal", text: `Latest of ${affected.length} reports from your people` });
  }

  const probes = [...input.probes].sort(byTime);
  if (probes.length) {
    const failed = probes.filter((p) => !p.ok);
    const seen = failed.findLast((p) => p.detail)?.detail;
    summaries.push({
      kind: "probe",
      label: "Probes",
      count: failed.length,
      detail: `${failed.length} of ${probes.length} checks failed${seen ? `; last saw: ${seen}` : ""}`,
      first: failed[0]?.at,
      last: failed.at(-1)?.at,
      cited: cited.has("probe"),
    });
    if (failed[0]) entries.push({ at: failed[0].at, kind: "signal", text: `Probe failed${failed[0].detail ? `: ${failed[0].detail}` : ""}` });
    if (failed.length > 1) entries.push({ at: failed.at(-1)!.at, kind: "signal", text: `Latest of ${failed.length} failed probe checks` });
  }

  const changes = [...input.componentChanges].sort(byTime);
  if (changes.length) {
    const bad = changes.filter((c) => c.to !== "operational");
    summaries.push({
      kind: "component",
      label: "Component flickers on the status page",
      count: changes.length,
      detail: `${changes.length} change${changes.length === 1 ? "" : "s"} (${tally(changes.map((c) => c.component))})`,
      first: (bad[0] ?? changes[0])?.at,
      last: changes.at(-1)?.at,
      cited: cited.has("component"),
    });
    for (const c of changes.slice(0, 20))
      entries.push({ at: c.at, kind: "signal", text: `Status page component ${c.component}: ${words(c.from ?? "operational")} → ${words(c.to)}` });
  }
  return { summaries, entries };
}

const words = (status: string) => status.replace(/_/g, " ");

function componentsOf(input: StoryInput): OutageStory["components"] {
  const out = new Map<string, Set<"status page" | "your reports">>();
  const add = (name: string | null, from: "status page" | "your reports") => {
    const n = name?.trim();
    if (!n) return;
    const set = out.get(n) ?? new Set();
    set.add(from);
    out.set(n, set);
  };
  for (const c of input.incident?.components ?? []) add(c, "status page");
  for (const u of input.incident?.updates ?? []) for (const c of u.components) add(c, "status page");
  for (const c of input.componentChanges) if (c.to !== "operational") add(c.component, "status page");
  for (const r of input.reports) if (r.affected) add(r.component, "your reports");
  return [...out].map(([name, from]) => ({ name, from: [...from] }));
}

export function outageStory(input: StoryInput): OutageStory {
  const e = input.episode;
  const name = input.provider.name;
  const status = storyStatus(e);
  const reasons = readReasons(e.reasons);
  const { summaries, entries } = signalSummaries(input, new Set(reasons.map((r) => r.signal)));
  const open = e.endedAt === null;
  const firstSignalAt = new Date(Math.min(e.suspectedAt.getTime(), ...summaries.flatMap((s) => (s.first ? [s.first.getTime()] : []))));
  const until = input.incident?.resolvedAt ?? e.endedAt ?? input.now;
  const timeline: TimelineEntry[] = [...entries];

  timeline.push({
    at: e.suspectedAt,
    kind: "statuswatch",
    text: `statuswatch suspected an outage (confidence ${Math.round(e.peakConfidence * 100)} % at its peak)`,
  });
  if (Math.abs(e.openedAt.getTime() - e.suspectedAt.getTime()) >= 60_000)
    timeline.push({ at: e.openedAt, kind: "statuswatch", text: "statuswatch raised the alert (the signals are read on their own clock)" });
  const i = input.incident;
  // The update the page acknowledged it with is said once, as the acknowledgement.
  const ackUpdate = i?.updates.find((u) => u.at.getTime() === e.acknowledgedAt?.getTime());
  if (i) {
    for (const u of i.updates.slice(0, 50)) if (u !== ackUpdate) timeline.push({ at: u.at, kind: "page", text: `Status page: ${u.heading}` });
    if (!i.updates.length && !e.acknowledgedAt) timeline.push({ at: i.startedAt, kind: "page", text: `Status page opened an incident: ${i.title}` });
  }
  if (e.acknowledgedAt)
    timeline.push({
      at: e.acknowledgedAt,
      kind: "page",
      text: `${name}'s status page acknowledged it${ackUpdate ? ` (${ackUpdate.heading})` : ""}${i ? `: ${i.title}` : ""}`,
    });
  if (e.confirmedAt && (!e.acknowledgedAt || Math.abs(e.confirmedAt.getTime() - e.acknowledgedAt.getTime()) >= 60_000))
    timeline.push({ at: e.confirmedAt, kind: "statuswatch", text: "statuswatch saw the incident and confirmed the outage" });
  if (i?.resolvedAt) timeline.push({ at: i.resolvedAt, kind: "end", text: "The status page resolved its incident" });
  if (e.endedAt) {
    const hold = spanText(DEFAULT_EPISODE_SETTINGS.clearHoldMs / 1000);
    const text =
      status === "false_alarm"
        ? `Signals normal for ${hold}: dismissed as a false alarm`
        : status === "unacknowledged"
          ? `Signals normal for ${hold}: over, never acknowledged by the status page`
          : "The episode ended with the incident";
    if (!(status === "ended" && i?.resolvedAt)) timeline.push({ at: e.endedAt, kind: "end", text });
  }
  // Stable: same-moment entries keep the order above (signals, statuswatch, page, end).
  timeline.sort(byTime);

  return {
    id: e.id,
    provider: input.provider,
    status,
    statusLabel: STATUS[status].label,
    statusText: STATUS[status].text(name),
    open,
    suspectedAt: e.suspectedAt,
    firstSignalAt,
    until,
    durationSeconds: Math.max(0, Math.round((until.getTime() - firstSignalAt.getTime()) / 1000)),
    confidence: e.confidence,
    peakConfidence: e.peakConfidence,
    lead: leadOf(input, status),
    reasons,
    signals: summaries,
    components: componentsOf(input),
    ...(i ? { incident: i } : {}),
    acknowledgedAt: e.acknowledgedAt,
    timeline,
  };
}
