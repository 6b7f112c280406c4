import { queryRows } from "../db/pool";
import { COMPONENT_STATUSES, type ComponentStatus } from "../domain/status";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { DayTotals, StatusChange, StatusMs } from "../uptime/compute";
import { addTotals, dailyTotals, figuresOf, noTime } from "../uptime/compute";
import { liveDays, type ProviderBars, providerBars, summarizeWindow, type WindowSummary } from "../uptime/window";
import { alignedStart, UptimeService } from "./uptime";

const DAY_MS = 86_400_000;
/** Window summaries an instance keeps (one per provider). */
const KNOWN_LIMIT = 20_000;
/** Providers whose closed days are computed in one transaction (each holds one lock). */
const FILL_CHUNK = 50;

type Tx = Prisma.TransactionClient;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window [from, now) split where the stored days end: [from, liveFrom) is read from the tables, the rest computed. */
function windowOf(days: number, now: Date) {
  const from = alignedStart(days, now);
  // A day is stored only once it is over, by the caller's clock and by this process's.
  const liveFrom = new Date(Math.floor(Math.min(now.getTime(), Date.now()) / DAY_MS) * DAY_MS);
  return { from, liveFrom, lastDay: liveFrom.getTime() - DAY_MS };
}

/**
 * Uptime for the dashboard from per-day summaries: the closed days of the window come from
 * component_uptime_days and provider_uptime_windows, and only the days since the last midnight
 * are computed from status history. The figures are those UptimeService computes from the whole
 * history (test/services/uptime-days.test.ts compares them).
 *
 * Staying right: a status change the timeline writes deletes, in its own transaction and under its
 * provider's lock, the stored days of its component from that change's day on and the provider's
 * window (src/timeline/store.ts). Missing days are computed here under the same lock taken shared,
 * so a change cannot land between reading the history and storing what was computed from it, on
 * this instance or any other.
 */
export class UptimeDaysService {
  private readonly history: UptimeService;
  /** Window summaries read before, by provider, kept while their stored revision is the same. */
  private readonly known = new Map<string, { firstDay: number; lastDay: number; revision: string; summary: WindowSummary }>();

  constructor(private readonly prisma: PrismaClient) {
    this.history = new UptimeService(prisma);
  }

  /** Per provider, one bar per UTC day of the last `days` and its least available component's uptime. */
  async barsByProvider(providerIds: string[], days: number, now = new Date()): Promise<Map<string, ProviderBars>> {
    const { from, liveFrom, lastDay } = windowOf(days, now);
    if (lastDay < from.getTime()) return this.history.barsByProvider(providerIds, days, now);
    const summaries = await this.summaries(providerIds, from.getTime(), lastDay);
    const live = await queryRows<{ component_id: number; provider_id: string; changes: Array<[ComponentStatus, number]> }>(
      this.prisma,
      `SELECT x.component_id, c.provider_id, json_agg(json_build_array(x.to_status, (extract(epoch from x.at) * 1000)::bigint) ORDER BY x.at, x.id) AS changes
         FROM component_status_changes x JOIN components c ON c.id = x.component_id
        WHERE x.at >= $1 AND x.at < $2 AND c.provider_id = ANY($3::text[])
        GROUP BY x.component_id, c.provider_id`,
      liveFrom,
      now,
      providerIds,
    );
    const liveBy = new Map<string, Map<number, StatusChange[]>>();
    for (const r of live) {
      const m = liveBy.get(r.provider_id) ?? new Map<number, StatusChange[]>();
      m.set(
        r.component_id,
        r.changes.map(([toStatus, at]) => ({ toStatus, at: new Date(Number(at)) })),
      );
      liveBy.set(r.provider_id, m);
    }
    return new Map(providerIds.map((id) => [id, providerBars(summaries.get(id)!, liveBy.get(id) ?? new Map(), from, liveFrom, now)]));
  }

  /**
   * The stored summary of each provider's closed days [from, lastDay], computing those missing.
   * A summary read before is used again while its revision is unchanged: one small row per provider.
   */
  private async summaries(providerIds: string[], from: number, lastDay: number): Promise<Map<string, WindowSummary>> {
    const out = new Map<string, WindowSummary>();
    const revisions = await queryRows<{ provider_id: string; revision: string }>(
      this.prisma,
      `SELECT provider_id, revision::text AS revision FROM provider_uptime_windows WHERE provider_id = ANY($1::text[]) AND first_day = $2::date AND last_day = $3::date`,
      providerIds,
      day(from),
      day(lastDay),
    );
    const unread: string[] = [];
    for (const r of revisions) {
      const k = this.known.get(r.provider_id);
      if (k && k.revision === r.revision && k.firstDay === from && k.lastDay === lastDay) out.set(r.provider_id, k.summary);
      else unread.push(r.provider_id);
    }
    if (unread.length > 0) {
      const rows = await queryRows<{ provider_id: string; revision: string; summary: StoredSummary }>(
        this.prisma,
        `SELECT provider_id, revision::text AS revision, summary FROM provider_uptime_windows WHERE provider_id = ANY($1::text[]) AND first_day = $2::date AND last_day = $3::date`,
        unread,
        day(from),
        day(lastDay),
      );
      for (const r of rows) out.set(r.provider_id, this.remember(r.provider_id, r.revision, from, lastDay, fromStored(r.summary, from)));
    }
    const missing = providerIds.filter((id) => !out.has(id));
    for (let i = 0; i < missing.length; i += FILL_CHUNK) {
      const filled = await this.fill(missing.slice(i, i + FILL_CHUNK), from, lastDay);
      for (const [id, w] of filled.windows) out.set(id, this.remember(id, w.revision, from, lastDay, w.summary));
    }
    return out;
  }

  private remember(providerId: string, revision: string, firstDay: number, lastDay: number, summary: WindowSummary): WindowSummary {
    // Bounded by the providers there are; a deleted provider's entry goes when the map is cleared.
    if (this.known.size >= KNOWN_LIMIT) this.known.clear();
    this.known.set(providerId, { firstDay, lastDay, revision, summary });
    return summary;
  }

  /** Each component of a provider with one figure per UTC day of the last `days` (today included) and over them all. */
  async componentDays(providerId: string, days: number, now = new Date()) {
    const { from, liveFrom, lastDay } = windowOf(days, now);
    if (lastDay < from.getTime()) return this.history.componentDays(providerId, days, now);
    const components = await this.prisma.component.findMany({ where: { providerId }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    const ids = components.map((c) => c.id);
    let closed = await readDays(this.prisma, ids, from.getTime(), lastDay);
    const expected = Math.round((lastDay - from.getTime()) / DAY_MS) + 1;
    if (ids.some((id) => (closed.get(id)?.length ?? 0) !== expected)) {
      closed = new Map(((await this.fill([providerId], from.getTime(), lastDay)).components.get(providerId) ?? []).map((c) => [c.id, c.days]));
    }
    const live = await this.history.histories(ids, liveFrom, now);
    return components.map((c) => {
      const stored = closed.get(c.id) ?? [];
      // The live days start from the stored status at midnight, not from the history before it.
      const changes = (live.get(c.id) ?? []).filter((x) => x.at.getTime() >= liveFrom.getTime());
      const all = [...stored, ...liveDays(stored.at(-1)?.endStatus ?? null, changes, liveFrom, now)];
      const sum = all.reduce((s, d) => addTotals(s, d), { ms: noTime(), worst: null as ComponentStatus | null });
      return { id: c.id, name: c.name, group: c.groupName, status: c.status, ...figuresOf(sum), daily: all.map((d) => ({ date: d.date, ...figuresOf(d) })) };
    });
  }

  /**
   * Computes and stores what is missing of these providers' closed days [from, lastDay], and
   * their window summaries; returns every component's days. Under the providers' timeline lock,
   * shared: writers wait, other readers do not.
   */
  private fill(
    providerIds: string[],
    from: number,
    lastDay: number,
  ): Promise<{ components: Map<string, Array<{ id: number; days: DayTotals[] }>>; windows: Map<string, { revision: string; summary: WindowSummary }> }> {
    const ids = [...providerIds].sort();
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(
          `SELECT count(pg_advisory_xact_lock_shared(hashtext('provider:' || id)))::int AS n FROM (SELECT id FROM unnest($1::text[]) AS t(id) ORDER BY id) s`,
          ids,
        );
        const components = await tx.$queryRawUnsafe<Array<{ id: number; provider_id: string }>>(
          `SELECT id, provider_id FROM components WHERE provider_id = ANY($1::text[]) ORDER BY id`,
          ids,
        );
        const stored = await readDays(
          tx,
          components.map((c) => c.id),
          from,
          lastDay,
        );
        // Stored days run from `from` without gaps (a change deletes a suffix), so what is missing starts at the first gap.
        const firstMissing = new Map<number, number>();
        for (const c of components) {
          const have = stored.get(c.id) ?? [];
          let i = 0;
          while (i < have.length && have[i]!.date === day(from + i * DAY_MS)) i++;
          if (from + i * DAY_MS <= lastDay) firstMissing.set(c.id, from + i * DAY_MS);
        }
        const todo = [...firstMissing.keys()];
        if (todo.length > 0) {
          const start = Math.min(...firstMissing.values());
          const history = await this.history.histories(todo, new Date(start), new Date(lastDay + DAY_MS), tx);
          const rows: Array<{ id: number; d: DayTotals }> = [];
          for (const id of todo) {
            const computed = dailyTotals(history.get(id)!, new Date(start), new Date(lastDay + DAY_MS));
            const keep = (stored.get(id) ?? []).filter((d) => d.date < day(firstMissing.get(id)!));
            const fresh = computed.filter((d) => d.date >= day(firstMissing.get(id)!));
            stored.set(id, [...keep, ...fresh]);
            for (const d of fresh) rows.push({ id, d });
          }
          await writeDays(tx, rows);
        }
        await tx.$executeRawUnsafe(
          `DELETE FROM component_uptime_days WHERE component_id = ANY($1::int[]) AND day < $2::date`,
          components.map((c) => c.id),
          day(from),
        );
        const byProvider = new Map<string, Array<{ id: number; days: DayTotals[] }>>(ids.map((id) => [id, []]));
        for (const c of components) byProvider.get(c.provider_id)!.push({ id: c.id, days: stored.get(c.id) ?? [] });
        const summaries = ids.map((id) => summarizeWindow(byProvider.get(id)!));
        const written = await tx.$queryRawUnsafe<Array<{ provider_id: string; revision: string }>>(
          `INSERT INTO provider_uptime_windows (provider_id, first_day, last_day, summary)
           SELECT u.id, $2::date, $3::date, u.summary::jsonb FROM unnest($1::text[], $4::text[]) AS u(id, summary) ORDER BY u.id
           ON CONFLICT (provider_id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, summary = excluded.summary,
             revision = nextval(pg_get_serial_sequence('provider_uptime_windows', 'revision'))
           RETURNING provider_id, revision::text AS revision`,
          ids,
          day(from),
          day(lastDay),
          summaries.map((s) => JSON.stringify(toStored(s))),
        );
        const revision = new Map(written.map((w) => [w.provider_id, w.revision]));
        return { components: byProvider, windows: new Map(ids.map((id, i) => [id, { revision: revision.get(id)!, summary: summaries[i]! }])) };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}

type StoredDayRow = [string, number, number, number, number, number, ComponentStatus | null, ComponentStatus | null];

/** Stored days of these components within [from, lastDay], oldest first. */
async function readDays(db: Pick<PrismaClient, "$queryRawUnsafe">, ids: number[], from: number, lastDay: number): Promise<Map<number, DayTotals[]>> {
  const out = new Map<number, DayTotals[]>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{ component_id: number; days: string }>(
    db,
    `SELECT component_id, json_agg(json_build_array(to_char(day, 'YYYY-MM-DD'), operational_ms, degraded_ms, partial_ms, major_ms, maintenance_ms, worst, end_status) ORDER BY day)::text AS days
       FROM component_uptime_days WHERE component_id = ANY($1::int[]) AND day BETWEEN $2::date AND $3::date GROUP BY component_id`,
    ids,
    day(from),
    day(lastDay),
  );
  for (const r of rows) {
    out.set(
      r.component_id,
      (JSON.parse(r.days) as StoredDayRow[]).map(([date, op, deg, part, maj, mnt, worst, endStatus]) => ({
        date,
        ms: { operational: op, degraded_performance: deg, partial_outage: part, major_outage: maj, under_maintenance: mnt },
        worst,
        endStatus,
      })),
    );
  }
  return out;
}

async function writeDays(tx: Tx, rows: Array<{ id: number; d: DayTotals }>): Promise<void> {
  if (rows.length === 0) return;
  // Key order, so two instances filling the same days wait for each other instead of deadlocking.
  rows.sort((a, b) => a.id - b.id || (a.d.date < b.d.date ? -1 : 1));
  const col = (s: ComponentStatus) => rows.map((r) => r.d.ms[s]);
  await tx.$executeRawUnsafe(
    `INSERT INTO component_uptime_days (component_id, day, operational_ms, degraded_ms, partial_ms, major_ms, maintenance_ms, worst, end_status)
     SELECT u.id, u.day, u.op, u.deg, u.part, u.maj, u.mnt, u.worst::"ComponentStatus", u.end_status::"ComponentStatus"
       FROM unnest($1::int[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
            WITH ORDINALITY AS u(id, day, op, deg, part, maj, mnt, worst, end_status, n)
      ORDER BY u.n
     ON CONFLICT (component_id, day) DO UPDATE SET operational_ms = excluded.operational_ms, degraded_ms = excluded.degraded_ms,
       partial_ms = excluded.partial_ms, major_ms = excluded.major_ms, maintenance_ms = excluded.maintenance_ms,
       worst = excluded.worst, end_status = excluded.end_status`,
    rows.map((r) => r.id),
    rows.map((r) => r.d.date),
    col("operational"),
    col("degraded_performance"),
    col("partial_outage"),
    col("major_outage"),
    col("under_maintenance"),
    rows.map((r) => r.d.worst),
    rows.map((r) => r.d.endStatus),
  );
}

/** The window summary as stored: compact arrays, one bar per day from first_day. */
interface StoredSummary {
  bars: Array<[ComponentStatus | null, number | null, number, number]>;
  components: Array<[number, number[], ComponentStatus | null, ComponentStatus | null]>;
}

function toStored(s: WindowSummary): StoredSummary {
  return {
    bars: s.bars.map((b) => [b.worst, b.uptimePercent, b.downtimeSeconds, b.observedSeconds]),
    components: s.components.map((c) => [c.id, COMPONENT_STATUSES.map((st) => c.totals.ms[st]), c.totals.worst, c.endStatus]),
  };
}

function fromStored(s: StoredSummary, from: number): WindowSummary {
  return {
    bars: s.bars.map(([worst, uptimePercent, downtimeSeconds, observedSeconds], i) => ({
      date: day(from + i * DAY_MS),
      worst,
      uptimePercent,
      downtimeSeconds,
      observedSeconds,
    })),
    components: s.components.map(([id, ms, worst, endStatus]) => ({
      id,
      totals: { ms: Object.fromEntries(COMPONENT_STATUSES.map((st, i) => [st, ms[i]!])) as StatusMs, worst },
      endStatus,
    })),
  };
}
