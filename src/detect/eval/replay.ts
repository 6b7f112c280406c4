import { judge } from "../detector";
import { stepEpisode, type Episode, type EpisodeSettings, type OfficialState } from "../episode";
import type { DetectorSettings } from "../types";
import type { Scenario, TrueOutage } from "./scenario";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export interface ReplayOptions {
  detector?: Partial<DetectorSettings>;
  episode?: Partial<EpisodeSettings>;
  /** How often the provider's signals are judged (a signal poll). */
  stepMs?: number;
  /** Days of history given to the detector for its time-of-day baseline. */
  historyDays?: number;
}

export interface OutageOutcome {
  outage: TrueOutage;
  /** The episode that warned of it, if any. */
  episode?: Episode;
  /** Page's first update − our suspectedAt, seconds (acknowledged and detected outages only). */
  leadSeconds?: number;
  /** When the signals crossed the threshold at all, episode or not (after the page spoke, they open none). */
  signalsAt?: Date;
}

export interface ReplayResult {
  name: string;
  days: number;
  outcomes: OutageOutcome[];
  episodes: Episode[];
  falseAlarms: Episode[];
}

function officialAt(outages: readonly TrueOutage[], now: number): OfficialState {
  const open = outages.find((o) => o.acknowledgedAt && o.acknowledgedAt.getTime() <= now && now < (o.resolvedAt?.getTime() ?? Infinity));
  if (open) return { openIncident: true, incidentId: open.start.toISOString(), firstUpdateAt: open.acknowledgedAt! };
  const resolved = outages.filter((o) => o.resolvedAt && o.resolvedAt.getTime() <= now).at(-1);
  return resolved ? { openIncident: false, lastResolvedAt: resolved.resolvedAt! } : { openIncident: false };
}

/** Lower index of the first element with at > t (points sorted by time). */
function upTo<T extends { at: Date }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.at.getTime() <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Replays a scenario through the production judge() and stepEpisode(), one signal poll at a time, and
 * matches episodes against the true outages: an episode suspected between 15 minutes before an
 * outage's start and its end warned of it; any other episode is a false alarm.
 */
export function replay(scenario: Scenario, options: ReplayOptions = {}): ReplayResult {
  const stepMs = options.stepMs ?? 5 * MINUTE;
  const historyMs = (options.historyDays ?? 14) * DAY;
  const { points, reports, probes, outages } = scenario;
  const episodes: Episode[] = [];
  let current: Episode | undefined;
  const crossings: Date[] = [];

  for (let now = scenario.from.getTime(); now < scenario.to.getTime(); now += stepMs) {
    const end = upTo(points, now);
    const official = officialAt(outages, now);
    const judgement = judge(
      {
        now: new Date(now),
        crowd: points.slice(Math.max(0, end - 8), end),
        crowdHistory: points.slice(upTo(points, now - historyMs), upTo(points, now - DAY / 2)),
        reports: reports.slice(upTo(reports, now - 15 * MINUTE), upTo(reports, now)),
        probes: probes.slice(upTo(probes, now - 15 * MINUTE), upTo(probes, now)),
        componentChanges: [],
        openIncident: official.openIncident,
      },
      options.detector,
    );
    if (judgement.since && judgement.since.getTime() !== crossings.at(-1)?.getTime()) crossings.push(judgement.since);
    const step = stepEpisode(current, judgement, official, new Date(now), options.episode);
    if (step.actions.some((a) => a.kind === "open")) episodes.push(step.episode!);
    else if (step.episode && current) episodes[episodes.length - 1] = step.episode;
    current = step.episode?.endedAt ? undefined : step.episode;
  }

  const claimed = new Set<Episode>();
  const outcomes = outages.map((outage): OutageOutcome => {
    const episode = episodes.find(
      (e) => !claimed.has(e) && e.suspectedAt.getTime() >= outage.start.getTime() - 15 * MINUTE && e.suspectedAt.getTime() <= outage.end.getTime(),
    );
    const during = (t: Date) => t.getTime() >= outage.start.getTime() - 15 * MINUTE && t.getTime() <= outage.end.getTime();
    const signalsAt = crossings.find(during);
    if (!episode) return signalsAt ? { outage, signalsAt } : { outage };
    claimed.add(episode);
    const out: OutageOutcome = { outage, episode };
    if (signalsAt) out.signalsAt = signalsAt;
    if (outage.acknowledgedAt) out.leadSeconds = Math.round((outage.acknowledgedAt.getTime() - episode.suspectedAt.getTime()) / 1000);
    return out;
  });
  return {
    name: scenario.spec.name,
    days: scenario.spec.days,
    outcomes,
    episodes,
    // An episode opened during an outage's tail or after it was already warned of is not a false alarm either.
    falseAlarms: episodes.filter(
      (e) =>
        !claimed.has(e) &&
        !outages.some((o) => e.suspectedAt.getTime() >= o.start.getTime() - 15 * MINUTE && e.suspectedAt.getTime() <= o.end.getTime() + 60 * MINUTE),
    ),
  };
}
