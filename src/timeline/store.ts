import type { Snapshot } from "../domain/snapshot";
import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from "../domain/status";
import { poolOf } from "../db/pool";
import type { Sql } from "../db/sql";
import type { Prisma } from "../generated/prisma/client";
import type { FormatWatchState } from "../poller/format-watch";
import { FORMAT_COLUMNS, type FormatColumns, formatStateOf } from "./format-state";
import type { StoredState } from "./types";

type Tx = Prisma.TransactionClient;

/*
 * The timeline's reads and writes are raw SQL: a poll cycle runs them for every provider, and each
 * Prisma model call costs a query compilation that, at thousands of providers, outweighs the
 * database work. Every insert is one statement over arrays (unnest), however many rows a first
 * sync of a big page has.
 */

/** The provider's row as a poll needs it: timeline state, health and conditional-GET validators. */
export interface ProviderPollState {
  status: ComponentStatus | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  unreachableSince: Date | null;
  lastError: string | null;
  httpCache: Record<string, unknown>;
  /** The newest page time seen, so a stale copy cannot move the page's status back. */
  pageUpdatedAt: Date | null;
  kind: string;
  /** The format watch's state (src/poller/format-watch.ts). */
  format: FormatWatchState;
}

interface PollStateRow extends FormatColumns {
  status: string | null;
  last_success_at: Date | null;
  consecutive_failures: number;
  unreachable_since: Date | null;
  last_error: string | null;
  http_cache: Record<string, unknown> | null;
  page_updated_at: Date | null;
}

const POLL_STATE_SQL = `SELECT status::text AS status, last_success_at, consecutive_failures, unreachable_since, last_error, http_cache, page_updated_at,
                               ${FORMAT_COLUMNS}
                          FROM providers WHERE id = $1`;

/** The provider's row as a poll needs it; on the client's own pool when it has one (a prepared statement, no Prisma). */
export async function loadProviderPollState(db: Pick<Tx, "$queryRawUnsafe">, providerId: string): Promise<ProviderPollState | undefined> {
  const pool = poolOf(db);
  const rows = pool
    ? (await pool.query<PollStateRow>({ name: "provider_poll_state", text: POLL_STATE_SQL, values: [providerId] })).rows
    : await db.$queryRawUnsafe<PollStateRow[]>(POLL_STATE_SQL, providerId);
  return rows[0] ? toPollState(rows[0]) : undefined;
}

/** The poll state of many providers in one statement (a cycle over all of them reads nothing more when their pages are unchanged). */
export async function loadProviderPollStates(db: Pick<Tx, "$queryRawUnsafe">, ids: string[]): Promise<Map<string, ProviderPollState>> {
  const text = `SELECT id, status::text AS status, last_success_at, consecutive_failures, unreachable_since, last_error, http_cache, page_updated_at,
                       ${FORMAT_COLUMNS}
                  FROM providers WHERE id = ANY($1::text[])`;
  const pool = poolOf(db);
  const rows = pool
    ? (await pool.query<PollStateRow & { id: string }>({ name: "provider_poll_states", text, values: [ids] })).rows
    : await db.$queryRawUnsafe<(PollStateRow & { id: string })[]>(text, ids);
  return new Map(rows.map((r) => [r.id, toPollState(r)]));
}

function toPollState(p: PollStateRow): ProviderPollState {
  return {
    status: (p.status as ComponentStatus | null) ?? null,
    lastSuccessAt: p.last_success_at,
    consecutiveFailures: p.consecutive_failures,
    unreachableSince: p.unreachable_since,
    lastError: p.last_error,
    httpCache: p.http_cache ?? {},
    pageUpdatedAt: p.page_updated_at,
    kind: p.kind,
    format: formatStateOf(p),
  };
}

/**
 * Loads the provider's row and, of its timeline, only what the snapshot mentions (so a long history
 * costs nothing per poll), and whether an early-warning episode is suspected, in one statement. Run
 * it after taking the provider's lock (and the outage lock, for the episode): in READ COMMITTED a
 * statement sees what was committed before it started.
 */
export async function loadStoredState(
  sql: Sql,
  providerId: string,
  snapshot: Snapshot,
): Promise<{ provider: ProviderPollState; stored: StoredState; episodeSuspected: boolean } | undefined> {
  const rows = await sql.rows<StateRow>(
    "timeline_state",
    `SELECT p.status::text AS status, p.last_success_at, p.consecutive_failures, p.unreachable_since, p.last_error, p.http_cache, p.page_updated_at,
            p.kind, p.format_good_components, p.format_suspicious_polls, p.format_changed_since,
            (SELECT coalesce(json_agg(json_build_array(c.id, c.external_id, c.name, c.group_name, c.status, c.updated_at)), '[]')
               FROM components c WHERE c.provider_id = p.id) AS components,
            (SELECT coalesce(json_agg(json_build_array(i.id, i.external_id, i.title, i.status, i.impact, i.url, i.started_at, i.identified_at,
                      i.monitoring_at, i.resolved_at, i.provider_updated_at, coalesce(i.components, '{}'),
                      coalesce((SELECT array_agg(u.external_id) FROM incident_updates u WHERE u.incident_id = i.id), '{}'),
                      (SELECT max(u.display_at) FROM incident_updates u WHERE u.incident_id = i.id))), '[]')
               FROM incidents i WHERE i.provider_id = p.id AND i.external_id = ANY($2::text[])) AS incidents,
            (SELECT coalesce(json_agg(json_build_array(m.id, m.external_id, m.title, m.status, m.impact, m.url, m.scheduled_for, m.scheduled_until,
                      m.started_at, m.completed_at, m.provider_updated_at, coalesce(m.components, '{}'),
                      coalesce((SELECT array_agg(u.external_id) FROM maintenance_updates u WHERE u.maintenance_id = m.id), '{}'),
                      (SELECT max(u.display_at) FROM maintenance_updates u WHERE u.maintenance_id = m.id))), '[]')
               FROM maintenances m WHERE m.provider_id = p.id AND m.external_id = ANY($3::text[])) AS maintenances,
            exists(SELECT 1 FROM outage_episodes e WHERE e.provider_id = p.id AND e.ended_at IS NULL AND e.state = 'suspected') AS episode_suspected
       FROM providers p WHERE p.id = $1`,
    [providerId, snapshot.incidents.map((i) => i.externalId), snapshot.maintenances.map((m) => m.externalId)],
  );
  const r = rows[0];
  if (!r) return undefined;
  const provider = toPollState(r);
  // Times come back as JSON text inside the aggregates.
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const stored: StoredState = {
    providerId,
    providerStatus: provider.status ?? undefined,
    pageUpdatedAt: provider.pageUpdatedAt ?? undefined,
    synced: provider.lastSuccessAt !== null,
    components: new Map(
      json<unknown[][]>(r.components).map(([id, externalId, name, groupName, status, updatedAt]) => [
        externalId as string,
        { id: id as number, name: name as string, groupName: groupName as string | null, status: status as ComponentStatus, updatedAt: date(updatedAt)! },
      ]),
    ),
    incidents: new Map(
      json<unknown[][]>(r.incidents).map((i) => [
        i[1] as string,
        {
          id: i[0] as number,
          title: i[2] as string,
          status: i[3] as IncidentStatus,
          impact: i[4] as Impact,
          url: i[5] as string | null,
          startedAt: date(i[6])!,
          identifiedAt: date(i[7]),
          monitoringAt: date(i[8]),
          resolvedAt: date(i[9]),
          providerUpdatedAt: date(i[10]),
          components: i[11] as string[],
          updateIds: new Set(i[12] as string[]),
          latestUpdateAt: date(i[13]),
        },
      ]),
    ),
    maintenances: new Map(
      json<unknown[][]>(r.maintenances).map((m) => [
        m[1] as string,
        {
          id: m[0] as number,
          title: m[2] as string,
          status: m[3] as MaintenanceStatus,
          impact: m[4] as Impact,
          url: m[5] as string | null,
          scheduledFor: date(m[6]),
          scheduledUntil: date(m[7]),
          startedAt: date(m[8]),
          completedAt: date(m[9]),
          providerUpdatedAt: date(m[10]),
          components: m[11] as string[],
          updateIds: new Set(m[12] as string[]),
          latestUpdateAt: date(m[13]),
        },
      ]),
    ),
  };
  return { provider, stored, episodeSuspected: r.episode_suspected };
}

/** json columns arrive parsed from pg and as text or parsed from Prisma's raw path, depending on the driver. */
function json<T>(v: unknown): T {
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

interface StateRow extends PollStateRow {
  episode_suspected: boolean;
  components: unknown;
  incidents: unknown;
  maintenances: unknown;
}

/**
 * The provider's row after a poll that reached the page (a 304 whose success was not fresh): health
 * reset, validators kept, in one statement (a poll with a body writes the row with its timeline, in
 * writeDiff). Returns since when the source had been unreachable (the self-join hands back the value
 * before the update; the caller holds the lock), or undefined when the provider is gone.
 */
export async function markProviderSuccess(
  sql: Sql,
  providerId: string,
  now: Date,
  validators: Record<string, unknown> | undefined,
): Promise<{ unreachableSince: Date | null } | undefined> {
  const rows = await sql.rows<{ unreachable_since: Date | null }>(
    "provider_success",
    `UPDATE providers p SET last_polled_at = $2, last_success_at = $2, consecutive_failures = 0, last_error = NULL,
            unreachable_since = NULL, http_cache = coalesce($3::jsonb, p.http_cache), updated_at = $2
       FROM providers o WHERE p.id = $1 AND o.id = p.id
     RETURNING o.unreachable_since`,
    [providerId, now.toISOString(), validators ? JSON.stringify(validators) : null],
  );
  return rows[0] ? { unreachableSince: rows[0].unreachable_since } : undefined;
}
