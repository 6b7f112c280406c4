import type { OutagesConfig } from "../config";
import { accuracy, type Accuracy } from "../detect/accuracy";
import { DEFAULT_SETTINGS, judge } from "../detect/detector";
import type { Judgement } from "../detect/types";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { evaluationTime, loadDetectorInput } from "./detector-input";
import { detectorSettings } from "./episodes";

export const OUTAGE_STATES = ["suspected", "confirmed", "unacknowledged", "false_alarm"] as const;
export type OutageStateName = (typeof OUTAGE_STATES)[number];

type EpisodeRow = Prisma.OutageEpisodeGetPayload<object>;

export function episodeJson(e: EpisodeRow) {
  return {
    id: e.id,
    providerId: e.providerId,
    state: e.state,
    suspectedAt: e.suspectedAt,
    openedAt: e.openedAt,
    confirmedAt: e.confirmedAt,
    acknowledgedAt: e.acknowledgedAt,
    leadSeconds: e.leadSeconds,
    endedAt: e.endedAt,
    incidentId: e.incidentId,
    confidence: e.confidence,
    peakConfidence: e.peakConfidence,
    reasons: e.reasons,
  };
}

const pointJson = (p: { at: Date; reports: number | null; baseline: number | null; ok: boolean | null; detail: string | null }) => ({
  at: p.at,
  ...(p.reports !== null ? { reports: p.reports, baseline: p.baseline } : {}),
  ...(p.ok !== null ? { ok: p.ok, detail: p.detail } : {}),
});

const judgementJson = (j: Judgement) => ({
  state: j.state,
  confidence: j.confidence,
  since: j.since ?? null,
  reasons: j.reasons.map((r) => ({ signal: r.signal, text: r.text, at: r.at, score: r.score, fired: r.fired })),
});

/** Read side of early warning: episodes, signal series with their judgement, a provider's accuracy. */
export class OutageService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cfg: Pick<OutagesConfig, "suspectMinReporters" | "reportWindowMs"> = {
      suspectMinReporters: DEFAULT_SETTINGS.minReporters,
      reportWindowMs: DEFAULT_SETTINGS.reportWindowMs,
    },
  ) {}

  /** Newest first by suspectedAt, then id; `after` is the last row of the previous page. */
  async list(f: { providers?: string[]; states?: OutageStateName[]; since?: Date; limit: number; after?: { at: Date; id: number } }) {
    const rows = await this.prisma.outageEpisode.findMany({
      where: {
        ...(f.providers ? { providerId: { in: f.providers } } : {}),
        ...(f.states ? { state: { in: f.states } } : {}),
        ...(f.since ? { suspectedAt: { gte: f.since } } : {}),
        ...(f.after ? { OR: [{ suspectedAt: { lt: f.after.at } }, { suspectedAt: f.after.at, id: { lt: f.after.id } }] } : {}),
      },
      orderBy: [{ suspectedAt: "desc" }, { id: "desc" }],
      take: f.limit + 1,
    });
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return { data: page.map(episodeJson), next: rows.length > f.limit && last ? { at: last.suspectedAt, id: last.id } : undefined };
  }

  /** One episode with the signals around it: from an hour before it was suspected to its end. */
  async get(id: number) {
    const e = await this.prisma.outageEpisode.findUnique({ where: { id } });
    if (!e) return undefined;
    const from = new Date(e.suspectedAt.getTime() - 3600_000);
    const to = new Date((e.endedAt ?? e.acknowledgedAt ?? e.openedAt).getTime() + 3600_000);
    const [sources, reports] = await Promise.all([
      this.prisma.signalSource.findMany({
        where: { providerId: e.providerId },
        orderBy: { id: "asc" },
        include: { points: { where: { at: { gte: from, lte: to } }, orderBy: { at: "asc" }, take: 2000 } },
      }),
      this.prisma.userReport.findMany({
        where: { providerId: e.providerId, counted: true, at: { gte: from, lte: to } },
        orderBy: { at: "asc" },
        select: { at: true, via: true, affected: true, component: true, symptom: true },
        take: 2000,
      }),
    ]);
    return {
      ...episodeJson(e),
      signals: sources.map((s) => ({ id: s.id, kind: s.kind, url: s.url, points: s.points.map(pointJson) })),
      reports,
    };
  }

  /** Each signal series of a provider since `since`, with its health, and the detector's judgement now. */
  async signals(providerId: string, since: Date) {
    const sources = await this.prisma.signalSource.findMany({
      where: { providerId, enabled: true },
      orderBy: { id: "asc" },
      include: { points: { where: { at: { gte: since } }, orderBy: { at: "asc" }, take: 5000 } },
    });
    const now = await evaluationTime(this.prisma, providerId, new Date());
    const judgement = judge(await loadDetectorInput(this.prisma, providerId, now), detectorSettings(this.cfg));
    const reports = await this.prisma.userReport.count({ where: { providerId, counted: true, affected: true, at: { gte: since } } });
    return {
      providerId,
      judgedAt: now,
      judgement: judgementJson(judgement),
      reports: { counted: reports },
      series: sources.map((s) => ({
        id: s.id,
        kind: s.kind,
        url: s.url,
        pollIntervalSeconds: s.pollIntervalSeconds,
        lastPolledAt: s.lastPolledAt,
        lastSuccessAt: s.lastSuccessAt,
        lastError: s.lastError,
        consecutiveFailures: s.consecutiveFailures,
        baseline: s.points.findLast((p) => p.baseline !== null)?.baseline ?? null,
        points: s.points.map(pointJson),
      })),
    };
  }

  async accuracy(providerId: string, days: number, now = new Date()): Promise<Accuracy & { days: number }> {
    const rows = await this.prisma.outageEpisode.findMany({
      where: { providerId, suspectedAt: { gte: new Date(now.getTime() - days * 86_400_000) } },
      select: { state: true, leadSeconds: true },
    });
    return { days, ...accuracy(rows) };
  }

  /** Grades of every provider over `days`, for the dashboard. */
  async grades(days: number, now = new Date()): Promise<Map<string, Accuracy>> {
    const rows = await this.prisma.outageEpisode.findMany({
      where: { suspectedAt: { gte: new Date(now.getTime() - days * 86_400_000) } },
      select: { providerId: true, state: true, leadSeconds: true },
    });
    const by = new Map<string, Array<{ state: OutageStateName; leadSeconds: number | null }>>();
    for (const r of rows) by.set(r.providerId, [...(by.get(r.providerId) ?? []), r]);
    return new Map([...by].map(([id, eps]) => [id, accuracy(eps)]));
  }

  suspected() {
    return this.prisma.outageEpisode.findMany({
      where: { state: "suspected", endedAt: null },
      orderBy: [{ suspectedAt: "desc" }, { id: "desc" }],
      include: { provider: { select: { name: true } } },
      take: 50,
    });
  }
}
