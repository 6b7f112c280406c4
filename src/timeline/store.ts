import type { Snapshot } from "../domain/snapshot";
import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from "../domain/status";
import { poolOf } from "../db/pool";
import type { Sql } from "../db/sql";
import type { Prisma } from "../generated/prisma/client";
import type { IncidentPlan, MaintenancePlan, TimelineDiff } from "./diff";
import type { StoredState } from "./types";

type Tx = Prisma.TransactionClient;

/*
 * The timeline's reads and writes are raw SQL: a poll cycle runs them for every provider, and each
 * Prisma model call costs a query compilation that, at thousands of providers, outweighs the
 * database work. Every insert is one statement over arrays (unnest), however many rows a first
 * sync of a big page has.
 */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

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
}

interface PollStateRow {
  status: string | null;
  last_success_at: Date | null;
  consecutive_failures: number;
  unreachable_since: Date | null;
  last_error: string | null;
  http_cache: Record<string, unknown> | null;
  page_updated_at: Date | null;
}

const POLL_STATE_SQL = `SELECT status::text AS status, last_success_at, consecutive_failures, unreachable_since, last_error, http_cache, page_updated_at
                          FROM providers WHERE id = $1`;

/** The provider's row as a poll needs it; on the client's own pool when it has one (a prepared statement, no Prisma). */
export async function loadProviderPollState(db: Pick<Tx, "$queryRawUnsafe">, providerId: string): Promise<ProviderPollState | undefined> {
  const pool = poolOf(db);
  const rows = pool
    ? (await pool.query<PollStateRow>({ name: "provider_poll_state", text: POLL_STATE_SQL, values: [providerId] })).rows
    : await db.$queryRawUnsafe<PollStateRow[]>(POLL_STATE_SQL, providerId);
  return rows[0] ? toPollState(rows[0]) : undefined;
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
  };
}

/**
 * Loads the provider's row and, of its timeline, only what the snapshot mentions (so a long history
 * costs nothing per poll), in one statement. Run it after taking the provider's lock: in READ
 * COMMITTED a statement sees what was committed before it started.
 */
export async function loadStoredState(
  sql: Sql,
  providerId: string,
  snapshot: Snapshot,
): Promise<{ provider: ProviderPollState; stored: StoredState } | undefined> {
  const rows = await sql.rows<StateRow>(
    "timeline_state",
    `SELECT p.status::text AS status, p.last_success_at, p.consecutive_failures, p.unreachable_since, p.last_error, p.http_cache, p.page_updated_at,
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
               FROM maintenances m WHERE m.provider_id = p.id AND m.external_id = ANY($3::text[])) AS maintenances
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
  return { provider, stored };
}

/** json columns arrive parsed from pg and as text or parsed from Prisma's raw path, depending on the driver. */
function json<T>(v: unknown): T {
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

interface StateRow extends PollStateRow {
  components: unknown;
  incidents: unknown;
  maintenances: unknown;
}

export interface ApplyResult {
  events: number;
  incidents: number;
}

/** Writes the diff's rows and its events; runs inside the caller's transaction. */
export async function applyDiff(sql: Sql, providerId: string, diff: TimelineDiff): Promise<ApplyResult> {
  const componentIds = new Map<string, number>();
  if (diff.components.length > 0) {
    const plans = diff.components;
    // An upsert keyed like the unique index; the change time moves only with the status.
    const rows = await sql.rows<{ id: number; external_id: string }>(
      "components_upsert",
      `INSERT INTO components (provider_id, external_id, name, group_name, status, updated_at)
       SELECT $1, u.external_id, u.name, u.group_name, u.status::"ComponentStatus", u.at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS u(external_id, name, group_name, status, at, n)
        ORDER BY u.n
       ON CONFLICT (provider_id, external_id) DO UPDATE SET
         name = excluded.name, group_name = excluded.group_name, status = excluded.status,
         updated_at = CASE WHEN components.status IS DISTINCT FROM excluded.status THEN excluded.updated_at ELSE components.updated_at END
       RETURNING id, external_id`,
      [
        providerId,
        plans.map((p) => p.snapshot.externalId),
        plans.map((p) => p.snapshot.name),
        plans.map((p) => p.snapshot.group ?? null),
        plans.map((p) => p.snapshot.status),
        plans.map((p) => iso(p.at)),
      ],
    );
    for (const r of rows) componentIds.set(r.external_id, r.id);
    const changes = plans.filter((p) => p.statusChanged);
    if (changes.length > 0) {
      await sql.run(
        "component_changes_insert",
        `INSERT INTO component_status_changes (component_id, from_status, to_status, at)
         SELECT u.component_id, u.from_status::"ComponentStatus", u.to_status::"ComponentStatus", u.at
           FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS u(component_id, from_status, to_status, at, n)
          ORDER BY u.n`,
        [
          changes.map((p) => componentIds.get(p.snapshot.externalId)!),
          changes.map((p) => p.stored?.status ?? null),
          changes.map((p) => p.snapshot.status),
          changes.map((p) => iso(p.at)),
        ],
      );
    }
  }

  const incidentIds = new Map<string, number>();
  const newIncidents = diff.incidents.filter((p) => !p.stored);
  if (newIncidents.length > 0) {
    const rows = newIncidents.map((p) => p.row);
    const created = await sql.rows<{ id: number; external_id: string }>(
      "incidents_insert",
      `INSERT INTO incidents (provider_id, external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
       SELECT $1, u.external_id, u.title, u.status::"IncidentStatus", u.impact::"Impact", u.url, u.started_at, u.identified_at, u.monitoring_at,
              u.resolved_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::text[]) WITH ORDINALITY
              AS u(external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components, n)
        ORDER BY u.n
       RETURNING id, external_id`,
      [
        providerId,
        newIncidents.map((p) => p.snapshot.externalId),
        rows.map((r) => r.title),
        rows.map((r) => r.status),
        rows.map((r) => r.impact),
        rows.map((r) => r.url),
        rows.map((r) => iso(r.startedAt)),
        rows.map((r) => iso(r.identifiedAt)),
        rows.map((r) => iso(r.monitoringAt)),
        rows.map((r) => iso(r.resolvedAt)),
        rows.map((r) => iso(r.providerUpdatedAt)),
        rows.map((r) => JSON.stringify(r.components)),
      ],
    );
    for (const c of created) incidentIds.set(c.external_id, c.id);
  }
  const changedIncidents: { id: number; row: IncidentPlan["row"] }[] = [];
  for (const plan of diff.incidents) {
    if (!plan.stored) continue;
    incidentIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) changedIncidents.push({ id: plan.stored.id, row: plan.row });
  }
  if (changedIncidents.length > 0) {
    const rows = changedIncidents.map((c) => c.row);
    await sql.run(
      "incidents_update",
      `UPDATE incidents i SET title = u.title, status = u.status::"IncidentStatus", impact = u.impact::"Impact", url = u.url, started_at = u.started_at,
              identified_at = u.identified_at, monitoring_at = u.monitoring_at, resolved_at = u.resolved_at, provider_updated_at = u.provider_updated_at,
              components = ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb)), updated_at = now()
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[])
              AS u(id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
        WHERE i.id = u.id`,
      [
        changedIncidents.map((c) => c.id),
        rows.map((r) => r.title),
        rows.map((r) => r.status),
        rows.map((r) => r.impact),
        rows.map((r) => r.url),
        rows.map((r) => iso(r.startedAt)),
        rows.map((r) => iso(r.identifiedAt)),
        rows.map((r) => iso(r.monitoringAt)),
        rows.map((r) => iso(r.resolvedAt)),
        rows.map((r) => iso(r.providerUpdatedAt)),
        rows.map((r) => JSON.stringify(r.components)),
      ],
    );
  }
  const incidentUpdates = diff.incidents.flatMap((plan) => plan.newUpdates.map((u) => ({ incidentId: incidentIds.get(plan.snapshot.externalId)!, u })));
  if (incidentUpdates.length > 0) {
    await sql.run(
      "incident_updates_insert",
      `INSERT INTO incident_updates (incident_id, external_id, status, label, body, display_at, affected_components)
       SELECT u.incident_id, u.external_id, u.status::"IncidentStatus", u.label, u.body, u.display_at, u.affected::jsonb
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) WITH ORDINALITY
              AS u(incident_id, external_id, status, label, body, display_at, affected, n)
        ORDER BY u.n
       ON CONFLICT (incident_id, external_id) DO NOTHING`,
      [
        incidentUpdates.map((x) => x.incidentId),
        incidentUpdates.map((x) => x.u.externalId),
        incidentUpdates.map((x) => x.u.status),
        incidentUpdates.map((x) => x.u.label ?? null),
        incidentUpdates.map((x) => x.u.body),
        incidentUpdates.map((x) => iso(x.u.at)),
        incidentUpdates.map((x) => JSON.stringify(x.u.components.map((c) => ({ name: c.name, from: c.from ?? null, to: c.to ?? null })))),
      ],
    );
  }

  const maintenanceIds = new Map<string, number>();
  const newMaintenances = diff.maintenances.filter((p) => !p.stored);
  if (newMaintenances.length > 0) {
    const rows = newMaintenances.map((p) => p.row);
    const created = await sql.rows<{ id: number; external_id: string }>(
      "maintenances_insert",
      `INSERT INTO maintenances (provider_id, external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
       SELECT $1, u.external_id, u.title, u.status::"MaintenanceStatus", u.impact::"Impact", u.url, u.scheduled_for, u.scheduled_until,
              u.started_at, u.completed_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::text[]) WITH ORDINALITY
              AS u(external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components, n)
        ORDER BY u.n
       RETURNING id, external_id`,
      [
        providerId,
        newMaintenances.map((p) => p.snapshot.externalId),
        rows.map((r) => r.title),
        rows.map((r) => r.status),
        rows.map((r) => r.impact),
        rows.map((r) => r.url),
        rows.map((r) => iso(r.scheduledFor)),
        rows.map((r) => iso(r.scheduledUntil)),
        rows.map((r) => iso(r.startedAt)),
        rows.map((r) => iso(r.completedAt)),
        rows.map((r) => iso(r.providerUpdatedAt)),
        rows.map((r) => JSON.stringify(r.components)),
      ],
    );
    for (const c of created) maintenanceIds.set(c.external_id, c.id);
  }
  const changedMaintenances: { id: number; row: MaintenancePlan["row"] }[] = [];
  for (const plan of diff.maintenances) {
    if (!plan.stored) continue;
    maintenanceIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) changedMaintenances.push({ id: plan.stored.id, row: plan.row });
  }
  if (changedMaintenances.length > 0) {
    const rows = changedMaintenances.map((c) => c.row);
    await sql.run(
      "maintenances_update",
      `UPDATE maintenances m SET title = u.title, status = u.status::"MaintenanceStatus", impact = u.impact::"Impact", url = u.url,
              scheduled_for = u.scheduled_for, scheduled_until = u.scheduled_until, started_at = u.started_at, completed_at = u.completed_at,
              provider_updated_at = u.provider_updated_at, components = ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb)), updated_at = now()
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[])
              AS u(id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
        WHERE m.id = u.id`,
      [
        changedMaintenances.map((c) => c.id),
        rows.map((r) => r.title),
        rows.map((r) => r.status),
        rows.map((r) => r.impact),
        rows.map((r) => r.url),
        rows.map((r) => iso(r.scheduledFor)),
        rows.map((r) => iso(r.scheduledUntil)),
        rows.map((r) => iso(r.startedAt)),
        rows.map((r) => iso(r.completedAt)),
        rows.map((r) => iso(r.providerUpdatedAt)),
        rows.map((r) => JSON.stringify(r.components)),
      ],
    );
  }
  const maintenanceUpdates = diff.maintenances.flatMap((plan) =>
    plan.newUpdates.map((u) => ({ maintenanceId: maintenanceIds.get(plan.snapshot.externalId)!, u })),
  );
  if (maintenanceUpdates.length > 0) {
    await sql.run(
      "maintenance_updates_insert",
      `INSERT INTO maintenance_updates (maintenance_id, external_id, status, body, display_at)
       SELECT u.maintenance_id, u.external_id, u.status::"MaintenanceStatus", u.body, u.display_at
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(maintenance_id, external_id, status, body, display_at, n)
        ORDER BY u.n
       ON CONFLICT (maintenance_id, external_id) DO NOTHING`,
      [
        maintenanceUpdates.map((x) => x.maintenanceId),
        maintenanceUpdates.map((x) => x.u.externalId),
        maintenanceUpdates.map((x) => x.u.status),
        maintenanceUpdates.map((x) => x.u.body),
        maintenanceUpdates.map((x) => iso(x.u.at)),
      ],
    );
  }

  if (diff.transitions.length === 0) return { events: 0, incidents: diff.incidents.length };
  const t = diff.transitions;
  // Ids follow the transitions' order, which is the order subscribers are told.
  const created = await sql.run(
    "events_insert",
    `INSERT INTO events (provider_id, kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, backfill, dedupe_key, data)
     SELECT $1, u.kind::"EventKind", u.incident_id, u.maintenance_id, u.component_id, u.from_status, u.to_status, u.occurred_at, $2, u.dedupe_key, u.data::jsonb
       FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[]) WITH ORDINALITY
            AS u(kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, dedupe_key, data, n)
      ORDER BY u.n
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      providerId,
      diff.backfill,
      t.map((x) => x.kind),
      t.map((x) => (x.subject?.type === "incident" ? (incidentIds.get(x.subject.externalId) ?? null) : null)),
      t.map((x) => (x.subject?.type === "maintenance" ? (maintenanceIds.get(x.subject.externalId) ?? null) : null)),
      t.map((x) => (x.subject?.type === "component" ? (componentIds.get(x.subject.externalId) ?? null) : null)),
      t.map((x) => x.from ?? null),
      t.map((x) => x.to ?? null),
      t.map((x) => iso(x.at)),
      t.map((x) => x.dedupeKey),
      t.map((x) => JSON.stringify(x.data ?? {})),
    ],
  );
  return { events: created, incidents: diff.incidents.length };
}

/**
 * The provider's row after a poll that reached the page: health reset, validators and page time
 * kept, and the page's status when the diff moved it, in one statement. Returns when the source had
 * been unreachable (the self-join hands back the value before the update; the caller holds the lock),
 * or undefined when the provider is gone.
 */
export async function markProviderSuccess(
  sql: Sql,
  providerId: string,
  now: Date,
  validators: Record<string, unknown> | undefined,
  pageUpdatedAt: Date | undefined,
  status: TimelineDiff["providerStatus"],
): Promise<{ unreachableSince: Date | null } | undefined> {
  const rows = await sql.rows<{ unreachable_since: Date | null }>(
    "provider_success",
    `UPDATE providers p SET last_polled_at = $2, last_success_at = $2, consecutive_failures = 0, last_error = NULL,
            unreachable_since = NULL, http_cache = coalesce($3::jsonb, p.http_cache), updated_at = $2,
            page_updated_at = coalesce($4::timestamptz, p.page_updated_at),
            status = CASE WHEN $5::boolean THEN $6::"ComponentStatus" ELSE p.status END,
            status_description = CASE WHEN $5::boolean THEN $7::text ELSE p.status_description END
       FROM providers o WHERE p.id = $1 AND o.id = p.id
     RETURNING o.unreachable_since`,
    [
      providerId,
      now.toISOString(),
      validators ? JSON.stringify(validators) : null,
      iso(pageUpdatedAt),
      !!status,
      status?.to ?? null,
      status?.description ?? null,
    ],
  );
  return rows[0] ? { unreachableSince: rows[0].unreachable_since } : undefined;
}
