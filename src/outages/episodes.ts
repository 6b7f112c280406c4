import type { OutagesConfig } from "../config";
import { judge } from "../detect/detector";
import { stepEpisode, type Episode, type OfficialState } from "../detect/episode";
import type { DetectorSettings, Judgement } from "../detect/types";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { newEvent, type EventData } from "../events/contract";
import { evaluationTime, loadDetectorInput, loadOfficialState } from "./detector-input";

type Tx = Prisma.TransactionClient;
type EpisodeRow = Prisma.OutageEpisodeGetPayload<object>;

/** The detector's settings that come from configuration. */
export function detectorSettings(cfg: Pick<OutagesConfig, "suspectMinReporters" | "reportWindowMs">): Partial<DetectorSettings> {
  return { minReporters: cfg.suspectMinReporters, reportWindowMs: cfg.reportWindowMs };
}

/** Serializes episode writers of one provider (signal polls, reports and the page's ingest). */
async function lockOutages(tx: Tx, providerId: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${"outage:" + providerId}))`;
}

const OK: Judgement = { state: "ok", confidence: 0, reasons: [] };

function toEpisode(row: EpisodeRow): Episode {
  return {
    state: row.state,
    suspectedAt: row.suspectedAt,
    openedAt: row.openedAt,
    lastAbnormalAt: row.lastAbnormalAt,
    peakConfidence: row.peakConfidence,
    ...(row.incidentId !== null ? { incidentId: String(row.incidentId) } : {}),
    ...(row.acknowledgedAt ? { acknowledgedAt: row.acknowledgedAt } : {}),
    ...(row.leadSeconds !== null ? { leadSeconds: row.leadSeconds } : {}),
    ...(row.endedAt ? { endedAt: row.endedAt } : {}),
  };
}

const reasonsJson = (j: Judgement) =>
  j.reasons.map((r) => ({ signal: r.signal, text: r.text, at: r.at.toISOString(), score: r.score, fired: r.fired })) as Prisma.InputJsonValue;

/**
 * One step of the provider's episode: the pure stepEpisode decides, this writes the episode row and
 * its events (the notifier's outbox) in the caller's transaction.
 */
async function applyStep(tx: Tx, providerId: string, judgement: Judgement, official: OfficialState, now: Date): Promise<string[]> {
  const row = await tx.outageEpisode.findFirst({ where: { providerId, endedAt: null }, orderBy: { id: "desc" } });
  const step = stepEpisode(row ? toEpisode(row) : undefined, judgement, official, now);
  if (!step.changed || !step.episode) return [];
  const e = step.episode;
  const fields = {
    state: e.state,
    suspectedAt: e.suspectedAt,
    openedAt: e.openedAt,
    lastAbnormalAt: e.lastAbnormalAt,
    peakConfidence: e.peakConfidence,
    incidentId: e.incidentId !== undefined ? Number(e.incidentId) : null,
    acknowledgedAt: e.acknowledgedAt ?? null,
    leadSeconds: e.leadSeconds ?? null,
    endedAt: e.endedAt ?? null,
    confirmedAt: step.actions.some((a) => a.kind === "confirm") ? now : (row?.confirmedAt ?? null),
    // A judgement with no reasons (the page confirmed it, the signals went quiet) keeps what raised it.
    ...(judgement.state !== "ok" ? { confidence: judgement.confidence, ...(judgement.reasons.length ? { reasons: reasonsJson(judgement) } : {}) } : {}),
  };
  const saved = row
    ? await tx.outageEpisode.update({ where: { id: row.id }, data: fields })
    : await tx.outageEpisode.create({ data: { providerId, ...fields } });
  const reasons = (saved.reasons ?? []) as EventData<"outage_suspected">["reasons"];
  const events: Prisma.EventCreateManyInput[] = [];
  for (const a of step.actions) {
    const key = { providerId, at: now, part: String(saved.id) };
    if (a.kind === "open") {
      const e = newEvent("outage_suspected", { episodeId: saved.id, confidence: a.confidence, reasons }, key);
      events.push({ ...e, providerId, toStatus: "suspected", occurredAt: a.suspectedAt, data: e.data as Prisma.InputJsonValue });
    } else if (a.kind === "confirm") {
      const e = newEvent(
        "outage_confirmed",
        {
          episodeId: saved.id,
          incidentId: saved.incidentId,
          leadSeconds: a.leadSeconds,
          suspectedAt: saved.suspectedAt.toISOString(),
          acknowledgedAt: a.acknowledgedAt.toISOString(),
        },
        key,
      );
      events.push({ ...e, providerId, fromStatus: "suspected", toStatus: "confirmed", occurredAt: a.acknowledgedAt, data: e.data as Prisma.InputJsonValue });
    } else if (a.kind === "clear") {
      const e = newEvent("outage_cleared", { episodeId: saved.id, outcome: a.outcome, peakConfidence: saved.peakConfidence }, key);
      events.push({ ...e, providerId, fromStatus: "suspected", toStatus: a.outcome, occurredAt: now, data: e.data as Prisma.InputJsonValue });
    }
  }
  if (events.length) await tx.event.createMany({ data: events, skipDuplicates: true });
  return events.map((x) => x.kind);
}

/**
 * Judges a provider from its stored signals, reports and official state, and applies the episode
 * step. Runs after every signal poll, counted report and official ingest. Returns the events written.
 */
export async function evaluateProvider(
  prisma: PrismaClient,
  providerId: string,
  cfg: Pick<OutagesConfig, "suspectMinReporters" | "reportWindowMs">,
  wallClock = new Date(),
): Promise<{ judgement: Judgement; events: string[] }> {
  return prisma.$transaction(
    async (tx) => {
      await lockOutages(tx, providerId);
      const now = await evaluationTime(tx, providerId, wallClock);
      const input = await loadDetectorInput(tx, providerId, now);
      const judgement = judge(input, detectorSettings(cfg));
      const events = await applyStep(tx, providerId, judgement, await loadOfficialState(tx, providerId), now);
      return { judgement, events };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/**
 * Called where the timeline writes `incident_opened`, in the same transaction: a suspected episode
 * is confirmed by the incident, with its lead over the page.
 */
export async function confirmOnIncidentOpened(tx: Tx, providerId: string, now: Date): Promise<void> {
  await lockOutages(tx, providerId);
  const open = await tx.outageEpisode.count({ where: { providerId, endedAt: null, state: "suspected" } });
  if (open === 0) return;
  await applyStep(tx, providerId, OK, await loadOfficialState(tx, providerId), now);
}

/** Providers with an episode still open, judged again so it can be confirmed, cleared or ended without new signals. */
export async function reviewOpenEpisodes(prisma: PrismaClient, cfg: Pick<OutagesConfig, "suspectMinReporters" | "reportWindowMs">): Promise<number> {
  const open = await prisma.outageEpisode.findMany({ where: { endedAt: null }, select: { providerId: true }, distinct: ["providerId"], take: 500 });
  for (const o of open) await evaluateProvider(prisma, o.providerId, cfg);
  return open.length;
}
