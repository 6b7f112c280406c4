import type { ComponentStatus, Impact, IncidentStatus } from "../domain/status";

/** What the failover answer knows about one watched provider, as of the last refresh. */
export interface ProviderHealth {
  id: string;
  name: string;
  capabilities: readonly string[];
  /** Providers the team named as this one's fallbacks, in its order of preference. */
  alternatives: readonly string[];
  /** The page's overall status; null when it states none or was never read. */
  status: ComponentStatus | null;
  source: SourceHealth;
  unreachableSince: Date | null;
  openIncidents: readonly OpenIncident[];
  /** An open early-warning episode the page has not acknowledged. */
  suspected: { since: Date; confidence: number } | null;
  /** The least available component's weighted uptime over 30 days; null without history. */
  uptime30d: number | null;
}

/** As the provider API reports it: never read yet, read, failing below the threshold, unreachable. */
export type SourceHealth = "pending" | "ok" | "failing" | "unreachable";

export interface OpenIncident {
  id: number;
  title: string;
  impact: Impact;
  status: IncidentStatus;
  startedAt: Date;
}

export interface Assessment {
  /** Nothing that should make a client move away from it. */
  healthy: boolean;
  /** 0–100; every healthy provider scores above every unhealthy one. */
  score: number;
  reasons: string[];
}

/**
 * Penalties for the provider's present state. At UNHEALTHY or above a provider is unhealthy; the
 * healthy ones add up to at most 30 and the uptime penalty to at most 10, so a healthy provider
 * scores at least 60 and an unhealthy one at most 50.
 */
export const PENALTY = {
  criticalIncident: 70,
  majorIncident: 60,
  majorOutage: 60,
  suspected: 50,
  unreachable: 50,
  notRead: 50,
  partialOutage: 50,
  minorIncident: 20,
  degraded: 15,
  maintenance: 10,
  incidentWithoutImpact: 5,
  /** Each problem beyond the worst adds this much. */
  eachFurther: 5,
  /** Uptime penalty per point below 100 %, capped at UPTIME_CAP: 99.9 % costs 0.5, 99 % costs 5. */
  uptimePerPoint: 5,
  uptimeCap: 10,
} as const;
export const UNHEALTHY = 50;

const INCIDENT_PENALTY: Record<Impact, number> = {
  critical: PENALTY.criticalIncident,
  major: PENALTY.majorIncident,
  minor: PENALTY.minorIncident,
  none: PENALTY.incidentWithoutImpact,
};
const STATUS_PENALTY: Partial<Record<ComponentStatus, [number, string]>> = {
  major_outage: [PENALTY.majorOutage, "status page says major outage"],
  partial_outage: [PENALTY.partialOutage, "status page says partial outage"],
  degraded_performance: [PENALTY.degraded, "status page says degraded performance"],
  under_maintenance: [PENALTY.maintenance, "under maintenance"],
};

const hhmm = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/** How healthy one provider is right now, and why, in words. Pure. */
export function assess(p: ProviderHealth): Assessment {
  const problems: Array<[number, string]> = [];
  for (const i of [...p.openIncidents].sort((a, b) => INCIDENT_PENALTY[b.impact] - INCIDENT_PENALTY[a.impact] || a.id - b.id)) {
    const what = i.impact === "none" ? "open incident" : `open ${i.impact} incident`;
    problems.push([INCIDENT_PENALTY[i.impact], `${what}: ${i.title}`]);
  }
  const status = p.status ? STATUS_PENALTY[p.status] : undefined;
  if (status) problems.push(status);
  if (p.suspected) problems.push([PENALTY.suspected, `suspected outage since ${hhmm(p.suspected.since)} (confidence ${p.suspected.confidence.toFixed(2)})`]);
  if (p.source === "unreachable")
    problems.push([PENALTY.unreachable, p.unreachableSince ? `source unreachable since ${hhmm(p.unreachableSince)}` : "source unreachable"]);
  if (p.source === "pending") problems.push([PENALTY.notRead, "status page not read yet"]);

  problems.sort((a, b) => b[0] - a[0]);
  const worst = problems[0]?.[0] ?? 0;
  const statePenalty = Math.min(100, worst + PENALTY.eachFurther * Math.max(0, problems.length - 1));
  const reasons = problems.map(([, text]) => text);
  if (problems.length === 0) reasons.push(p.status === "operational" ? "operational, no open incident" : "no open incident");

  let uptimePenalty = 0;
  if (p.uptime30d === null) reasons.push("no uptime history yet");
  else {
    uptimePenalty = Math.min(PENALTY.uptimeCap, (100 - p.uptime30d) * PENALTY.uptimePerPoint);
    reasons.push(`${formatPercent(p.uptime30d)} % over 30 days`);
  }
  return { healthy: worst < UNHEALTHY, score: Math.max(0, Math.round(100 - statePenalty - uptimePenalty)), reasons };
}

function formatPercent(v: number): string {
  return v === 100 ? "100" : v.toFixed(2);
}

export interface RankedAlternative {
  provider: ProviderHealth;
  assessment: Assessment;
  /** The subject's team named it as a fallback. */
  named: boolean;
  /** The capabilities it shares with the subject (or the one asked for). */
  shares: string[];
}

const NOT_NAMED = 1_000;

/**
 * Orders alternatives best first: healthy before unhealthy, then by score; among equal scores the
 * subject's named alternatives first (in the order named), then higher uptime, then by id. A
 * candidate may bring its assessment (computed once per snapshot). Pure.
 */
export function rankAlternatives(
  candidates: ReadonlyArray<{ provider: ProviderHealth; shares: string[]; assessment?: Assessment }>,
  named: readonly string[] = [],
): RankedAlternative[] {
  const order = new Map(named.map((id, i) => [id, i]));
  return candidates
    .map((c) => ({ ...c, assessment: c.assessment ?? assess(c.provider), named: order.has(c.provider.id) }))
    .sort(
      (a, b) =>
        Number(b.assessment.healthy) - Number(a.assessment.healthy) ||
        b.assessment.score - a.assessment.score ||
        (order.get(a.provider.id) ?? NOT_NAMED) - (order.get(b.provider.id) ?? NOT_NAMED) ||
        (b.provider.uptime30d ?? -1) - (a.provider.uptime30d ?? -1) ||
        (a.provider.id < b.provider.id ? -1 : a.provider.id > b.provider.id ? 1 : 0),
    )
    .map((r) => (r.named ? { ...r, assessment: { ...r.assessment, reasons: [...r.assessment.reasons, "named as an alternative"] } } : r));
}

/** Move only when the subject is unhealthy and a healthy alternative exists: one broken provider for another buys nothing. */
export function advise(subject: Assessment, ranked: readonly RankedAlternative[]): "stay" | "failover" {
  return !subject.healthy && ranked[0]?.assessment.healthy ? "failover" : "stay";
}
