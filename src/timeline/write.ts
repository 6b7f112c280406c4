import type { Sql } from "../db/sql";
import type { TimelineDiff } from "./diff";
import type { FormatWrite } from "./format-state";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What the provider's row gets after a poll that reached the page; undefined leaves the row alone. */
export interface ProviderSuccess {
  now: Date;
  validators?: Record<string, unknown>;
  pageUpdatedAt?: Date;
  /** The format watch's state moved (src/timeline/format-state.ts planFormatObservation): its columns and events go in the same statement. */
  format?: FormatWrite;
}

export interface WriteResult {
  /** Events inserted (a key already stored is not written again). */
  events: number;
  /** The provider had been unreachable since then (the value before this write), when its row was written. */
  unreachableSince: Date | null;
}

/*
 * A poll's whole write is one statement: every kind of row is a data-modifying CTE over a JSON array
 * of rows (json_to_recordset; JSON.stringify is native and writes Dates as ISO text, where pg's
 * array literals are escaped element by element in JavaScript), and rows that point at rows written
 * by the same statement find them by external id through the CTEs' RETURNING. Round trips, not
 * rows, bound a poll cycle on a busy machine: each one costs a wake-up on both sides. Parts with
 * empty arrays write nothing; a data-modifying CTE runs whether or not the query reads it. Nested
 * objects are read as json and cast: a jsonb column of json_to_recordset costs three times as much. Ids of
 * events follow the order of the transitions (ORDER BY the ordinality), which is the order
 * subscribers are told.
 */
const rowsOf = (param: number, columns: string) =>
  `ROWS FROM (json_to_recordset($${param}::json) AS (${columns})) WITH ORDINALITY AS u(${columns.replace(/ [a-z[\]]+(,|$)/g, "$1")}, n)`;

const INCIDENT_COLUMNS =
  "title text, status text, impact text, url text, started_at timestamptz, identified_at timestamptz, monitoring_at timestamptz, resolved_at timestamptz, provider_updated_at timestamptz, components text[]";
const MAINTENANCE_COLUMNS =
  "title text, status text, impact text, url text, scheduled_for timestamptz, scheduled_until timestamptz, started_at timestamptz, completed_at timestamptz, provider_updated_at timestamptz, components text[]";

const WRITE_SQL = `
WITH comp AS (
  INSERT INTO components (provider_id, external_id, name, group_name, status, updated_at)
  SELECT $1, u.external_id, u.name, u.group_name, u.status::"ComponentStatus", u.at
    FROM ${rowsOf(2, "external_id text, name text, group_name text, status text, at timestamptz")}
   ORDER BY u.n
  ON CONFLICT (provider_id, external_id) DO UPDATE SET
    name = excluded.name, group_name = excluded.group_name, status = excluded.status,
    updated_at = CASE WHEN components.status IS DISTINCT FROM excluded.status THEN excluded.updated_at ELSE components.updated_at END
  RETURNING id, external_id
), comp_changes AS (
  INSERT INTO component_status_changes (component_id, from_status, to_status, at)
  SELECT c.id, u.from_status::"ComponentStatus", u.to_status::"ComponentStatus", u.at
    FROM ${rowsOf(3, "external_id text, from_status text, to_status text, at timestamptz")}
    JOIN comp c ON c.external_id = u.external_id
   ORDER BY u.n
  RETURNING component_id, at
), stale_days AS (
  -- The per-day uptime summaries the changes make stale (src/services/uptime-days.ts): each component's
  -- days from its change's UTC day on, and the provider's window from the earliest change's day.
  DELETE FROM component_uptime_days d
   USING (SELECT component_id, min(at) AS at FROM comp_changes GROUP BY component_id) x
   WHERE d.component_id = x.component_id AND d.day >= (x.at AT TIME ZONE 'UTC')::date
), stale_window AS (
  DELETE FROM provider_uptime_windows
   WHERE provider_id = $1 AND last_day >= (SELECT (min(at) AT TIME ZONE 'UTC')::date FROM comp_changes)
), inc_new AS (
  INSERT INTO incidents (provider_id, external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
  SELECT $1, u.external_id, u.title, u.status::"IncidentStatus", u.impact::"Impact", u.url, u.started_at, u.identified_at, u.monitoring_at,
         u.resolved_at, u.provider_updated_at, u.components
    FROM ${rowsOf(4, `external_id text, ${INCIDENT_COLUMNS}`)}
   ORDER BY u.n
  RETURNING id, external_id
), inc_changed AS (
  UPDATE incidents i SET title = u.title, status = u.status::"IncidentStatus", impact = u.impact::"Impact", url = u.url, started_at = u.started_at,
         identified_at = u.identified_at, monitoring_at = u.monitoring_at, resolved_at = u.resolved_at, provider_updated_at = u.provider_updated_at,
         components = u.components, updated_at = now()
    FROM ${rowsOf(5, `id int, ${INCIDENT_COLUMNS}`)}
   WHERE i.id = u.id
), inc_ids AS (
  SELECT id, external_id FROM inc_new
  UNION ALL SELECT id, external_id FROM json_to_recordset($6::json) AS k(id int, external_id text)
), inc_updates AS (
  INSERT INTO incident_updates (incident_id, external_id, status, label, body, display_at, affected_components)
  SELECT i.id, u.external_id, u.status::"IncidentStatus", u.label, u.body, u.display_at, u.affected::jsonb
    FROM ${rowsOf(7, "incident text, external_id text, status text, label text, body text, display_at timestamptz, affected json")}
    JOIN inc_ids i ON i.external_id = u.incident
   ORDER BY u.n
  ON CONFLICT (incident_id, external_id) DO NOTHING
), mnt_new AS (
  INSERT INTO maintenances (provider_id, external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
  SELECT $1, u.external_id, u.title, u.status::"MaintenanceStatus", u.impact::"Impact", u.url, u.scheduled_for, u.scheduled_until,
         u.started_at, u.completed_at, u.provider_updated_at, u.components
    FROM ${rowsOf(8, `external_id text, ${MAINTENANCE_COLUMNS}`)}
   ORDER BY u.n
  RETURNING id, external_id
), mnt_changed AS (
  UPDATE maintenances m SET title = u.title, status = u.status::"MaintenanceStatus", impact = u.impact::"Impact", url = u.url,
         scheduled_for = u.scheduled_for, scheduled_until = u.scheduled_until, started_at = u.started_at, completed_at = u.completed_at,
         provider_updated_at = u.provider_updated_at, components = u.components, updated_at = now()
    FROM ${rowsOf(9, `id int, ${MAINTENANCE_COLUMNS}`)}
   WHERE m.id = u.id
), mnt_ids AS (
  SELECT id, external_id FROM mnt_new
  UNION ALL SELECT id, external_id FROM json_to_recordset($10::json) AS k(id int, external_id text)
), mnt_updates AS (
  INSERT INTO maintenance_updates (maintenance_id, external_id, status, body, display_at)
  SELECT m.id, u.external_id, u.status::"MaintenanceStatus", u.body, u.display_at
    FROM ${rowsOf(11, "maintenance text, external_id text, status text, body text, display_at timestamptz")}
    JOIN mnt_ids m ON m.external_id = u.maintenance
   ORDER BY u.n
  ON CONFLICT (maintenance_id, external_id) DO NOTHING
), ev AS (
  INSERT INTO events (provider_id, kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, backfill, dedupe_key, data)
  SELECT $1, u.kind::"EventKind", i.id, m.id, c.id, u.from_status, u.to_status, u.occurred_at, coalesce(u.backfill, $12::boolean), u.dedupe_key, u.data::jsonb
    FROM ${rowsOf(13, "kind text, subject_type text, subject text, from_status text, to_status text, occurred_at timestamptz, dedupe_key text, data json, backfill boolean")}
    LEFT JOIN inc_ids i ON u.subject_type = 'incident' AND i.external_id = u.subject
    LEFT JOIN mnt_ids m ON u.subject_type = 'maintenance' AND m.external_id = u.subject
    LEFT JOIN comp c ON u.subject_type = 'component' AND c.external_id = u.subject
   ORDER BY u.n
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING 1
), prov AS (
  UPDATE providers p SET last_polled_at = $15, last_success_at = $15, consecutive_failures = 0, last_error = NULL,
         unreachable_since = NULL, updated_at = $15,
         -- A suspicious poll of the format watch forgets the validators, so the next poll reads the page in full.
         http_cache = CASE WHEN $27::boolean THEN '{}'::jsonb ELSE coalesce($16::jsonb, p.http_cache) END,
         page_updated_at = coalesce($17::timestamptz, p.page_updated_at),
         status = CASE WHEN $18::boolean THEN $19::"ComponentStatus" ELSE p.status END,
         status_description = CASE WHEN $18::boolean THEN $20::text ELSE p.status_description END,
         format_good_components = CASE WHEN $21::boolean THEN $22::int ELSE p.format_good_components END,
         format_suspicious_polls = CASE WHEN $21::boolean THEN $23::int ELSE p.format_suspicious_polls END,
         format_changed_since = CASE WHEN $21::boolean THEN $24::timestamptz ELSE p.format_changed_since END,
         format_change = CASE WHEN NOT $21::boolean THEN p.format_change WHEN $24::timestamptz IS NULL THEN NULL
                              WHEN $25::text IS NOT NULL THEN $25::text ELSE p.format_change END,
         format_suggestion = CASE WHEN NOT $21::boolean THEN p.format_suggestion WHEN $24::timestamptz IS NULL THEN NULL
                                  WHEN $25::text IS NOT NULL THEN $26::text ELSE p.format_suggestion END
    FROM providers o WHERE $14::boolean AND p.id = $1 AND o.id = p.id
  RETURNING o.unreachable_since
)
SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM prov)::int AS marked, (SELECT unreachable_since FROM prov) AS unreachable_since`;

/**
 * Writes the diff's rows and events and, when `success` is given, the provider's row (health,
 * validators, page time, and the page's status when the diff moved it), in one statement inside the
 * caller's transaction. Throws when the provider row was to be written and is gone.
 */
export async function writeDiff(sql: Sql, providerId: string, diff: TimelineDiff, success: ProviderSuccess | undefined): Promise<WriteResult> {
  const j = JSON.stringify;
  const status = diff.providerStatus;
  const format = success?.format;
  const rows = await sql.rows<{ events: number; marked: number; unreachable_since: Date | null }>("timeline_write", WRITE_SQL, [
    providerId,
    j(
      diff.components.map((p) => ({
        external_id: p.snapshot.externalId,
        name: p.snapshot.name,
        group_name: p.snapshot.group ?? null,
        status: p.snapshot.status,
        at: p.at,
      })),
    ),
    j(
      diff.components
        .filter((p) => p.statusChanged)
        .map((p) => ({ external_id: p.snapshot.externalId, from_status: p.stored?.status ?? null, to_status: p.snapshot.status, at: p.at })),
    ),
    j(diff.incidents.filter((p) => !p.stored).map((p) => ({ external_id: p.snapshot.externalId, ...incidentRow(p.row) }))),
    j(diff.incidents.filter((p) => p.stored && p.rowChanged).map((p) => ({ id: p.stored!.id, ...incidentRow(p.row) }))),
    j(diff.incidents.filter((p) => p.stored).map((p) => ({ id: p.stored!.id, external_id: p.snapshot.externalId }))),
    j(
      diff.incidents.flatMap((p) =>
        p.newUpdates.map((u) => ({
          incident: p.snapshot.externalId,
          external_id: u.externalId,
          status: u.status,
          label: u.label ?? null,
          body: u.body,
          display_at: u.at,
          affected: u.components.map((c) => ({ name: c.name, from: c.from ?? null, to: c.to ?? null })),
        })),
      ),
    ),
    j(diff.maintenances.filter((p) => !p.stored).map((p) => ({ external_id: p.snapshot.externalId, ...maintenanceRow(p.row) }))),
    j(diff.maintenances.filter((p) => p.stored && p.rowChanged).map((p) => ({ id: p.stored!.id, ...maintenanceRow(p.row) }))),
    j(diff.maintenances.filter((p) => p.stored).map((p) => ({ id: p.stored!.id, external_id: p.snapshot.externalId }))),
    j(
      diff.maintenances.flatMap((p) =>
        p.newUpdates.map((u) => ({ maintenance: p.snapshot.externalId, external_id: u.externalId, status: u.status, body: u.body, display_at: u.at })),
      ),
    ),
    diff.backfill,
    j([
      ...diff.transitions.map((x) => ({
        kind: x.kind,
        subject_type: x.subject?.type ?? null,
        subject: x.subject?.externalId ?? null,
        from_status: x.from ?? null,
        to_status: x.to ?? null,
        occurred_at: x.at,
        dedupe_key: x.dedupeKey,
        data: x.data ?? {},
        backfill: null,
      })),
      // The format watch's events are the source's health, never backfill.
      ...(format?.events ?? []).map((e) => ({ kind: e.kind, occurred_at: success!.now, dedupe_key: e.dedupeKey, data: e.data, backfill: false })),
    ]),
    !!success,
    iso(success?.now),
    success?.validators ? j(success.validators) : null,
    iso(success?.pageUpdatedAt),
    !!status,
    status?.to ?? null,
    status?.description ?? null,
    !!format,
    format?.goodComponents ?? null,
    format?.suspiciousPolls ?? 0,
    iso(format?.changedSince),
    format?.change ?? null,
    format?.suggestion ?? null,
    format?.refetch ?? false,
  ]);
  const r = rows[0]!;
  if (success && r.marked === 0) throw new Error(`provider ${providerId} is not in the database`);
  return { events: r.events, unreachableSince: r.unreachable_since ? new Date(r.unreachable_since) : null };
}

type IncidentRow = TimelineDiff["incidents"][number]["row"];
type MaintenanceRow = TimelineDiff["maintenances"][number]["row"];

/** An incident row under its column names (INCIDENT_COLUMNS). */
const incidentRow = (r: IncidentRow) => ({
  title: r.title,
  status: r.status,
  impact: r.impact,
  url: r.url,
  started_at: r.startedAt,
  identified_at: r.identifiedAt,
  monitoring_at: r.monitoringAt,
  resolved_at: r.resolvedAt,
  provider_updated_at: r.providerUpdatedAt,
  components: r.components,
});

/** A maintenance row under its column names (MAINTENANCE_COLUMNS). */
const maintenanceRow = (r: MaintenanceRow) => ({
  title: r.title,
  status: r.status,
  impact: r.impact,
  url: r.url,
  scheduled_for: r.scheduledFor,
  scheduled_until: r.scheduledUntil,
  started_at: r.startedAt,
  completed_at: r.completedAt,
  provider_updated_at: r.providerUpdatedAt,
  components: r.components,
});
