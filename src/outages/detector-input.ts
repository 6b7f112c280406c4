import type { DetectorInput } from "../detect/types";
import type { OfficialState } from "../detect/episode";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { CROWD_KINDS } from "./signal-kinds";

type Db = PrismaClient | Prisma.TransactionClient;

const HOUR = 3600_000;
/** Recent enough for every rule of the detector (its longest window is an hour). */
const RECENT_MS = 6 * HOUR;
const HISTORY_MS = 14 * 24 * HOUR;

/** Failures in a row after which a signal's series says nothing about now. */
const DEAD_SIGNAL_FAILURES = 3;

/**
 * The moment a provider is judged at. With live signal series: their newest observation (or a newer
 * report), never later than the wall clock, so a lagging or replayed series is judged on its own
 * clock and lead times come out in the page's terms. Without signals, or when every one has stopped
 * answering, the wall clock, so an episode can still clear.
 */
export async function evaluationTime(db: Db, providerId: string, wallClock: Date): Promise<Date> {
  const sources = await db.signalSource.findMany({ where: { providerId, enabled: true }, select: { consecutiveFailures: true } });
  if (sources.length === 0 || sources.every((s) => s.consecutiveFailures >= DEAD_SIGNAL_FAILURES)) return wallClock;
  const [point] = await db.$queryRaw<Array<{ at: Date | null }>>`
    select max(p.at) as at from signal_points p join signal_sources s on s.id = p.source_id
    where s.provider_id = ${providerId} and s.enabled and p.at <= ${wallClock}`;
  if (!point?.at) return wallClock;
  const report = await db.userReport.findFirst({ where: { providerId, at: { lte: wallClock } }, orderBy: { at: "desc" }, select: { at: true } });
  return new Date(Math.max(point.at.getTime(), report?.at.getTime() ?? 0));
}

/** Everything the pure detector needs about one provider at `now`, read from the database. */
export async function loadDetectorInput(db: Db, providerId: string, now: Date): Promise<DetectorInput> {
  const recent = new Date(now.getTime() - RECENT_MS);
  const history = new Date(now.getTime() - HISTORY_MS);
  const [crowd, crowdHistory, probes, reports, changes, open] = await Promise.all([
    db.signalPoint.findMany({
      where: { source: { providerId, enabled: true, kind: { in: [...CROWD_KINDS] } }, at: { gt: recent, lte: now }, reports: { not: null } },
      orderBy: { at: "asc" },
      select: { at: true, reports: true, baseline: true },
      take: 5000,
    }),
    db.signalPoint.findMany({
      where: { source: { providerId, enabled: true, kind: { in: [...CROWD_KINDS] } }, at: { gt: history, lte: recent }, reports: { not: null } },
      orderBy: { at: "desc" },
      select: { at: true, reports: true, baseline: true },
      take: 20_000,
    }),
    db.signalPoint.findMany({
      where: { source: { providerId, enabled: true, kind: "probe" }, at: { gt: recent, lte: now }, ok: { not: null } },
      orderBy: { at: "asc" },
      select: { at: true, ok: true, source: { select: { key: true } } },
      take: 1000,
    }),
    db.userReport.findMany({
      where: { providerId, counted: true, affected: true, at: { gt: recent, lte: now } },
      orderBy: { at: "asc" },
      select: { at: true, reporter: true, component: true, symptom: true },
      take: 5000,
    }),
    db.componentStatusChange.findMany({
      where: { component: { providerId }, at: { gt: recent, lte: now } },
      orderBy: { at: "asc" },
      select: { at: true, fromStatus: true, toStatus: true, component: { select: { name: true } } },
      take: 1000,
    }),
    openIncidentCount(db, providerId),
  ]);
  const crowdPoint = (p: { at: Date; reports: number | null; baseline: number | null }) => ({
    at: p.at,
    reports: p.reports ?? 0,
    ...(p.baseline !== null ? { baseline: p.baseline } : {}),
  });
  return {
    now,
    crowd: crowd.map(crowdPoint),
    crowdHistory: crowdHistory.reverse().map(crowdPoint),
    reports: reports.map((r) => ({
      at: r.at,
      reporter: r.reporter,
      ...(r.component ? { component: r.component } : {}),
      ...(r.symptom ? { symptom: r.symptom } : {}),
    })),
    probes: probes.map((p) => ({ at: p.at, ok: p.ok ?? true, probe: p.source.key })),
    componentChanges: changes.map((c) => ({ at: c.at, component: c.component.name, from: c.fromStatus ?? "operational", to: c.toStatus })),
    openIncident: open > 0,
  };
}

function openIncidentCount(db: Db, providerId: string): Promise<number> {
  return db.incident.count({ where: { providerId, status: { notIn: ["resolved", "postmortem"] } } });
}

/** The page's side: its open incident (the newest), the time it shows on its first update, and when we saw it. */
export async function loadOfficialState(db: Db, providerId: string): Promise<OfficialState> {
  const incident = await db.incident.findFirst({
    where: { providerId, status: { notIn: ["resolved", "postmortem"] } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true, updates: { orderBy: { displayAt: "asc" }, take: 1, select: { displayAt: true } } },
  });
  if (!incident) {
    const last = await db.incident.findFirst({
      where: { providerId, resolvedAt: { not: null } },
      orderBy: { resolvedAt: "desc" },
      select: { resolvedAt: true },
    });
    return { openIncident: false, ...(last?.resolvedAt ? { lastResolvedAt: last.resolvedAt } : {}) };
  }
  return {
    openIncident: true,
    incidentId: String(incident.id),
    seenAt: incident.createdAt,
    ...(incident.updates[0] ? { firstUpdateAt: incident.updates[0].displayAt } : {}),
  };
}
