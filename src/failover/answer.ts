import { advise, type Assessment, assess, type ProviderHealth, rankAlternatives, type RankedAlternative } from "./rank";

/** Every enabled provider's health at one moment, indexed for the answer. */
export interface FailoverSnapshot {
  /** When the state was read from the database. */
  asOf: Date;
  /** When uptime30d was last computed; null before the first computation. */
  uptimeAsOf: Date | null;
  providers: ReadonlyMap<string, ProviderHealth>;
  byCapability: ReadonlyMap<string, readonly ProviderHealth[]>;
  /** Each provider's assessment and JSON view, computed once: they do not depend on the question. */
  assessed: ReadonlyMap<string, { assessment: Assessment; view: HealthView }>;
}

export function indexSnapshot(providers: ProviderHealth[], asOf: Date, uptimeAsOf: Date | null): FailoverSnapshot {
  const byCapability = new Map<string, ProviderHealth[]>();
  for (const p of providers)
    for (const c of p.capabilities) {
      const list = byCapability.get(c) ?? [];
      list.push(p);
      byCapability.set(c, list);
    }
  const assessed = new Map(providers.map((p) => [p.id, { assessment: assess(p), view: view(p) }]));
  return { asOf, uptimeAsOf, providers: new Map(providers.map((p) => [p.id, p])), byCapability, assessed };
}

export type FailoverQuery = { for: string; capability?: undefined; limit: number } | { for?: undefined; capability: string; limit: number };

export type FailoverAnswer = { found: true; body: FailoverBody } | { found: false; detail: string };

export interface FailoverBody {
  capability: string | null;
  subject: (HealthView & { healthy: boolean; score: number; reasons: string[] }) | null;
  advice: "stay" | "failover" | null;
  alternatives: Array<HealthView & { score: number; healthy: boolean; named: boolean; shares: string[]; reasons: string[] }>;
  asOf: string;
  uptimeAsOf: string | null;
}

interface HealthView {
  id: string;
  name: string;
  status: string | null;
  source: string;
  openIncidents: Array<{ id: number; title: string; impact: string; status: string; startedAt: string }>;
  suspected: { since: string; confidence: number } | null;
  uptime30d: number | null;
}

/**
 * The failover answer from a snapshot. For a provider: every other provider sharing one of its
 * capabilities, plus the ones it names, ranked. For a capability: every provider offering it. Pure.
 */
export function answerFailover(snap: FailoverSnapshot, q: FailoverQuery): FailoverAnswer {
  let candidates: Candidate[];
  let subject: ProviderHealth | undefined;
  if (q.for !== undefined) {
    subject = snap.providers.get(q.for);
    if (!subject) return { found: false, detail: `no watched provider ${q.for} (unknown, or disabled)` };
    const found = new Map<string, Candidate>();
    for (const c of subject.capabilities)
      for (const p of snap.byCapability.get(c) ?? []) {
        if (p.id === subject.id) continue;
        const entry = found.get(p.id) ?? candidate(snap, p, []);
        entry.shares.push(c);
        found.set(p.id, entry);
      }
    for (const id of subject.alternatives) {
      const p = snap.providers.get(id);
      if (p && p.id !== subject.id && !found.has(id)) found.set(id, candidate(snap, p, []));
    }
    candidates = [...found.values()];
  } else {
    const list = snap.byCapability.get(q.capability);
    if (!list) return { found: false, detail: `no watched provider offers capability ${q.capability}` };
    candidates = list.map((p) => candidate(snap, p, [q.capability]));
  }
  const ranked = rankAlternatives(candidates, subject?.alternatives ?? []);
  const subjectAssessed = subject ? snap.assessed.get(subject.id) : undefined;
  const subjectAssessment = subjectAssessed?.assessment;
  return {
    found: true,
    body: {
      capability: q.capability ?? null,
      subject: subjectAssessed ? { ...subjectAssessed.view, ...subjectAssessed.assessment } : null,
      advice: subjectAssessment ? advise(subjectAssessment, ranked) : null,
      alternatives: ranked.slice(0, q.limit).map((r) => alternativeView(r, snap.assessed.get(r.provider.id)!.view)),
      asOf: snap.asOf.toISOString(),
      uptimeAsOf: snap.uptimeAsOf?.toISOString() ?? null,
    },
  };
}

function view(p: ProviderHealth): HealthView {
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    source: p.source,
    openIncidents: p.openIncidents.map((i) => ({ id: i.id, title: i.title, impact: i.impact, status: i.status, startedAt: i.startedAt.toISOString() })),
    suspected: p.suspected ? { since: p.suspected.since.toISOString(), confidence: p.suspected.confidence } : null,
    uptime30d: p.uptime30d,
  };
}

type Candidate = { provider: ProviderHealth; shares: string[]; assessment?: Assessment };

function candidate(snap: FailoverSnapshot, p: ProviderHealth, shares: string[]): Candidate {
  return { provider: p, shares, assessment: snap.assessed.get(p.id)?.assessment };
}

function alternativeView(r: RankedAlternative, v: HealthView): FailoverBody["alternatives"][number] {
  return {
    id: v.id,
    name: v.name,
    score: r.assessment.score,
    healthy: r.assessment.healthy,
    named: r.named,
    shares: r.shares,
    status: v.status,
    source: v.source,
    openIncidents: v.openIncidents,
    suspected: v.suspected,
    uptime30d: v.uptime30d,
    reasons: r.assessment.reasons,
  };
}
