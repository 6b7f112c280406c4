import type { Impact } from "../domain/status";
import { DOWNTIME_WEIGHT, spans, type StatusChange } from "../uptime/compute";
import type { SlaTerms } from "./terms";

/** How much of an incident's time counts as downtime, by its impact. */
export const IMPACT_WEIGHT: Record<Impact, number> = { critical: 1, major: 1, minor: 0.3, none: 0 };

export interface SlaIncident {
  id: number;
  title: string;
  url: string | null;
  impact: Impact;
  startedAt: Date;
  resolvedAt: Date | null;
  /** Component names the incident names; empty when it names none. */
  components: string[];
}

export interface SlaEpisode {
  id: number;
  state: string;
  suspectedAt: Date;
  confirmedAt: Date | null;
  endedAt: Date | null;
  incidentId: number | null;
}

export interface SlaInput {
  /** YYYY-MM, UTC. */
  month: string;
  component?: string;
  incidents: SlaIncident[];
  /**
   * The component's own status history (only with `component`), led by the change in force when
   * the month opened; the time it covers is judged by it instead of by incidents.
   */
  history?: StatusChange[];
  episodes?: SlaEpisode[];
  terms: SlaTerms | null;
  now: Date;
}

export interface EvidenceRow {
  incidentId: number;
  title: string;
  url: string | null;
  from: string;
  to: string;
  impact: Impact;
  countedSeconds: number;
}

export interface ObservedRow {
  episodeId: number;
  state: string;
  from: string;
  to: string;
  incidentId: number | null;
  seconds: number;
}

export interface SlaReport {
  month: string;
  component: string | null;
  slaPercent: number | null;
  /** The period judged: the month, or up to `now` while it is running. */
  periodStart: string;
  periodEnd: string;
  availabilityPercent: number;
  downtimeSeconds: number;
  /** Seconds judged by the component's own status history rather than by incidents. */
  historySeconds: number;
  breached: boolean | null;
  creditPercent: number | null;
  evidence: EvidenceRow[];
  observed: ObservedRow[];
  source: string | null;
}

/** The month's [start, end) in UTC; undefined for a malformed month. */
export function monthBounds(month: string): { start: Date; end: Date } | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  if (y < 1970) return undefined;
  return { start: new Date(Date.UTC(y, mo, 1)), end: new Date(Date.UTC(y, mo + 1, 1)) };
}

/** Does the incident count against `component`? Without one, every incident does. */
export function incidentApplies(incident: SlaIncident, component: string | undefined): boolean {
  if (component === undefined || incident.components.length === 0) return true;
  const want = component.trim().toLowerCase();
  return incident.components.some((c) => c.trim().toLowerCase() === want);
}

/** The highest tier whose `below` the availability falls under; 0 when none. */
export function creditFor(availabilityPercent: number, credits: SlaTerms["credits"]): number {
  return credits.reduce((best, t) => (availabilityPercent < t.below && t.creditPercent > best ? t.creditPercent : best), 0);
}

interface Interval {
  start: number;
  end: number;
  weight: number;
  /** Index into the incident list, or -1 for a history span. */
  owner: number;
}

/**
 * The SLA standing of a provider (or one component) for a UTC month. Overlapping incidents count
 * once at the highest weight: a sweep over every interval boundary gives each elementary segment
 * to the heaviest incident active in it (the earliest started on a tie), so evidence seconds add up
 * to the incident part of the downtime. Pure.
 */
export function computeSla(input: SlaInput): SlaReport {
  const bounds = monthBounds(input.month);
  if (!bounds) throw new RangeError(`not a month: ${input.month}`);
  const periodStart = bounds.start.getTime();
  const periodEnd = Math.max(periodStart, Math.min(bounds.end.getTime(), input.now.getTime()));
  const openEnd = Math.min(bounds.end.getTime(), input.now.getTime());

  const incidents = input.incidents
    .filter((i) => IMPACT_WEIGHT[i.impact] > 0 && incidentApplies(i, input.component))
    .map((i) => ({ i, start: Math.max(i.startedAt.getTime(), periodStart), end: Math.min(i.resolvedAt?.getTime() ?? openEnd, periodEnd) }))
    .filter((x) => x.end > x.start)
    .sort((a, b) => a.i.startedAt.getTime() - b.i.startedAt.getTime() || a.i.id - b.i.id);

  const intervals: Interval[] = incidents.map((x, k) => ({ start: x.start, end: x.end, weight: IMPACT_WEIGHT[x.i.impact], owner: k }));
  const history =
    input.component !== undefined && input.history?.length
      ? spans(input.history, new Date(periodStart), new Date(periodEnd)).map((s) => ({
          start: s.start,
          end: s.end,
          weight: DOWNTIME_WEIGHT[s.status] ?? 0,
          owner: -1,
        }))
      : [];

  const cuts = [...new Set([...intervals, ...history].flatMap((v) => [v.start, v.end]))].sort((a, b) => a - b);
  const counted = new Array<number>(incidents.length).fill(0);
  let historyDown = 0;
  let historyCovered = 0;
  let incidentDown = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c]!;
    const b = cuts[c + 1]!;
    const len = b - a;
    const watched = history.find((h) => h.start <= a && h.end >= b);
    if (watched) {
      historyDown += len * watched.weight;
      historyCovered += len;
      continue;
    }
    let best: Interval | undefined;
    for (const v of intervals) if (v.start <= a && v.end >= b && (!best || v.weight > best.weight)) best = v;
    if (!best) continue;
    counted[best.owner]! += len * best.weight;
    incidentDown += len * best.weight;
  }

  const periodMs = periodEnd - periodStart;
  const downMs = historyDown + incidentDown;
  const availabilityPercent = periodMs === 0 ? 100 : Math.round((1 - downMs / periodMs) * 1_000_000) / 10_000;
  const terms = input.terms;
  return {
    month: input.month,
    component: input.component ?? null,
    slaPercent: terms?.monthlyPercent ?? null,
    periodStart: new Date(periodStart).toISOString(),
    periodEnd: new Date(periodEnd).toISOString(),
    availabilityPercent,
    downtimeSeconds: Math.round(downMs / 1000),
    historySeconds: Math.round(historyCovered / 1000),
    breached: terms ? availabilityPercent < terms.monthlyPercent : null,
    creditPercent: terms ? creditFor(availabilityPercent, terms.credits) : null,
    evidence: incidents.map((x, k) => ({
      incidentId: x.i.id,
      title: x.i.title,
      url: x.i.url,
      from: new Date(x.start).toISOString(),
      to: new Date(x.end).toISOString(),
      impact: x.i.impact,
      countedSeconds: Math.round(counted[k]! / 1000),
    })),
    observed: observedRows(input.episodes ?? [], periodStart, openEnd, periodEnd),
    source: terms?.source ?? null,
  };
}

/** Confirmed early-warning outages overlapping the period: shown beside the figure, never in it. */
function observedRows(episodes: SlaEpisode[], periodStart: number, openEnd: number, periodEnd: number): ObservedRow[] {
  return episodes
    .filter((e) => e.state === "confirmed" || e.state === "unacknowledged")
    .map((e) => ({ e, start: Math.max(e.suspectedAt.getTime(), periodStart), end: Math.min(e.endedAt?.getTime() ?? openEnd, periodEnd) }))
    .filter((x) => x.end > x.start)
    .sort((a, b) => a.start - b.start || a.e.id - b.e.id)
    .map((x) => ({
      episodeId: x.e.id,
      state: x.e.state,
      from: new Date(x.start).toISOString(),
      to: new Date(x.end).toISOString(),
      incidentId: x.e.incidentId,
      seconds: Math.round((x.end - x.start) / 1000),
    }));
}
