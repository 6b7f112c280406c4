import type { Sql } from "../db/sql";
import type { TimelineDiff } from "./diff";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What the provider's row gets after a poll that reached the page; undefined leaves the row alone. */
export interface ProviderSuccess {
  now: Date;
  validators?: Record<string, unknown>;
  pageUpdatedAt?: Date;
}

export interface WriteResult {
  /** Events inserted (a key already stored is not written again). */
  events: number;
  /** The provider had been unreachable since then (the value before this write), when its row was written. */
  unreachableSince: Date | null;
}

/*
 * A poll's whole write is one statement: every kind of row is a data-modifying CTE over arrays
 * (unnest), and rows that point at rows written by the same statement find them by external id
 * through the CTEs' RETURNING. Round trips, not rows, bound a poll cycle on a busy machine: each one
 * costs a wake-up on both sides. Parts with empty arrays write nothing; a data-modifying CTE runs
 * whether or not the query reads it. Ids of events follow the
 * order of the transitions (ORDER BY the ordinality), which is the order subscribers are told.
 */
const WRITE_SQL = `
WITH comp AS (
  INSERT INTO components (provider_id, external_id, name, group_name, status, updated_at)
  SELECT $1, u.external_id, u.name, u.group_name, u.status::"ComponentStatus", u.at
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS u(external_id, name, group_name, status, at, n)
   ORDER BY u.n
  ON CONFLICT (provider_id, external_id) DO UPDATE SET
    name = excluded.name, group_name = excluded.group_name, status = excluded.status,
    updated_at = CASE WHEN components.status IS DISTINCT FROM excluded.status THEN excluded.updated_at ELSE components.updated_at END
  RETURNING id, external_id
), comp_changes AS (
  INSERT INTO component_status_changes (component_id, from_status, to_status, at)
  SELECT c.id, u.from_status::"ComponentStatus", u.to_status::"ComponentStatus", u.at
    FROM unnest($7::text[], $8::text[], $9::text[], $10::timestamptz[]) WITH ORDINALITY AS u(external_id, from_status, to_status, at, n)
    JOIN comp c ON c.external_id = u.external_id
   ORDER BY u.n
), inc_new AS (
  INSERT INTO incidents (provider_id, external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
  SELECT $1, u.external_id, u.title, u.status::"IncidentStatus", u.impact::"Impact", u.url, u.started_at, u.identified_at, u.monitoring_at,
         u.resolved_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
    FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],
                $19::timestamptz[], $20::timestamptz[], $21::text[]) WITH ORDINALITY
         AS u(external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components, n)
   ORDER BY u.n
  RETURNING id, external_id
), inc_changed AS (
  UPDATE incidents i SET title = u.title, status = u.status::"IncidentStatus", impact = u.impact::"Impact", url = u.url, started_at = u.started_at,
         identified_at = u.identified_at, monitoring_at = u.monitoring_at, resolved_at = u.resolved_at, provider_updated_at = u.provider_updated_at,
         components = ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb)), updated_at = now()
    FROM unnest($22::int[], $23::text[], $24::text[], $25::text[], $26::text[], $27::timestamptz[], $28::timestamptz[], $29::timestamptz[],
                $30::timestamptz[], $31::timestamptz[], $32::text[])
         AS u(id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
   WHERE i.id = u.id
), inc_ids AS (
  SELECT id, external_id FROM inc_new
  UNION ALL SELECT * FROM unnest($33::int[], $34::text[]) AS k(id, external_id)
), inc_updates AS (
  INSERT INTO incident_updates (incident_id, external_id, status, label, body, display_at, affected_components)
  SELECT i.id, u.external_id, u.status::"IncidentStatus", u.label, u.body, u.display_at, u.affected::jsonb
    FROM unnest($35::text[], $36::text[], $37::text[], $38::text[], $39::text[], $40::timestamptz[], $41::text[]) WITH ORDINALITY
         AS u(incident, external_id, status, label, body, display_at, affected, n)
    JOIN inc_ids i ON i.external_id = u.incident
   ORDER BY u.n
  ON CONFLICT (incident_id, external_id) DO NOTHING
), mnt_new AS (
  INSERT INTO maintenances (provider_id, external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
  SELECT $1, u.external_id, u.title, u.status::"MaintenanceStatus", u.impact::"Impact", u.url, u.scheduled_for, u.scheduled_until,
         u.started_at, u.completed_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
    FROM unnest($42::text[], $43::text[], $44::text[], $45::text[], $46::text[], $47::timestamptz[], $48::timestamptz[], $49::timestamptz[],
                $50::timestamptz[], $51::timestamptz[], $52::text[]) WITH ORDINALITY
         AS u(external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components, n)
   ORDER BY u.n
  RETURNING id, external_id
), mnt_changed AS (
  UPDATE maintenances m SET title = u.title, status = u.status::"MaintenanceStatus", impact = u.impact::"Impact", url = u.url,
         scheduled_for = u.scheduled_for, scheduled_until = u.scheduled_until, started_at = u.started_at, completed_at = u.completed_at,
         provider_updated_at = u.provider_updated_at, components = ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb)), updated_at = now()
    FROM unnest($53::int[], $54::text[], $55::text[], $56::text[], $57::text[], $58::timestamptz[], $59::timestamptz[], $60::timestamptz[],
                $61::timestamptz[], $62::timestamptz[], $63::text[])
         AS u(id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
   WHERE m.id = u.id
), mnt_ids AS (
  SELECT id, external_id FROM mnt_new
  UNION ALL SELECT * FROM unnest($64::int[], $65::text[]) AS k(id, external_id)
), mnt_updates AS (
  INSERT INTO maintenance_updates (maintenance_id, external_id, status, body, display_at)
  SELECT m.id, u.external_id, u.status::"MaintenanceStatus", u.body, u.display_at
    FROM unnest($66::text[], $67::text[], $68::text[], $69::text[], $70::timestamptz[]) WITH ORDINALITY AS u(maintenance, external_id, status, body, display_at, n)
    JOIN mnt_ids m ON m.external_id = u.maintenance
   ORDER BY u.n
  ON CONFLICT (maintenance_id, external_id) DO NOTHING
), ev AS (
  INSERT INTO events (provider_id, kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, backfill, dedupe_key, data)
  SELECT $1, u.kind::"EventKind", i.id, m.id, c.id, u.from_status, u.to_status, u.occurred_at, $71::boolean, u.dedupe_key, u.data::jsonb
    FROM unnest($72::text[], $73::text[], $74::text[], $75::text[], $76::text[], $77::timestamptz[], $78::text[], $79::text[]) WITH ORDINALITY
         AS u(kind, subject_type, subject, from_status, to_status, occurred_at, dedupe_key, data, n)
    LEFT JOIN inc_ids i ON u.subject_type = 'incident' AND i.external_id = u.subject
    LEFT JOIN mnt_ids m ON u.subject_type = 'maintenance' AND m.external_id = u.subject
    LEFT JOIN comp c ON u.subject_type = 'component' AND c.external_id = u.subject
   ORDER BY u.n
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING 1
), prov AS (
  UPDATE providers p SET last_polled_at = $81, last_success_at = $81, consecutive_failures = 0, last_error = NULL,
         unreachable_since = NULL, http_cache = coalesce($82::jsonb, p.http_cache), updated_at = $81,
         page_updated_at = coalesce($83::timestamptz, p.page_updated_at),
         status = CASE WHEN $84::boolean THEN $85::"ComponentStatus" ELSE p.status END,
         status_description = CASE WHEN $84::boolean THEN $86::text ELSE p.status_description END
    FROM providers o WHERE $80::boolean AND p.id = $1 AND o.id = p.id
  RETURNING o.unreachable_since
)
SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM prov)::int AS marked, (SELECT unreachable_since FROM prov) AS unreachable_since`;

/**
 * Writes the diff's rows and events and, when `success` is given, the provider's row (health,
 * validators, page time, and the page's status when the diff moved it), in one statement inside the
 * caller's transaction. Throws when the provider row was to be written and is gone.
 */
export async function writeDiff(sql: Sql, providerId: string, diff: TimelineDiff, success: ProviderSuccess | undefined): Promise<WriteResult> {
  const comps = diff.components;
  const changes = comps.filter((p) => p.statusChanged);
  const newInc = diff.incidents.filter((p) => !p.stored);
  const changedInc = diff.incidents.filter((p) => p.stored && p.rowChanged);
  const knownInc = diff.incidents.filter((p) => p.stored);
  const incUpdates = diff.incidents.flatMap((p) => p.newUpdates.map((u) => ({ incident: p.snapshot.externalId, u })));
  const newMnt = diff.maintenances.filter((p) => !p.stored);
  const changedMnt = diff.maintenances.filter((p) => p.stored && p.rowChanged);
  const knownMnt = diff.maintenances.filter((p) => p.stored);
  const mntUpdates = diff.maintenances.flatMap((p) => p.newUpdates.map((u) => ({ maintenance: p.snapshot.externalId, u })));
  const t = diff.transitions;
  const status = diff.providerStatus;
  const rows = await sql.rows<{ events: number; marked: number; unreachable_since: Date | null }>("timeline_write", WRITE_SQL, [
    providerId,
    // components ($2–$6) and their status changes ($7–$10)
    comps.map((p) => p.snapshot.externalId),
    comps.map((p) => p.snapshot.name),
    comps.map((p) => p.snapshot.group ?? null),
    comps.map((p) => p.snapshot.status),
    comps.map((p) => iso(p.at)),
    changes.map((p) => p.snapshot.externalId),
    changes.map((p) => p.stored?.status ?? null),
    changes.map((p) => p.snapshot.status),
    changes.map((p) => iso(p.at)),
    // new incidents ($11–$21), changed ones ($22–$32), the stored ones' ids ($33–$34), new updates ($35–$41)
    newInc.map((p) => p.snapshot.externalId),
    ...incidentColumns(newInc.map((p) => p.row)),
    changedInc.map((p) => p.stored!.id),
    ...incidentColumns(changedInc.map((p) => p.row)),
    knownInc.map((p) => p.stored!.id),
    knownInc.map((p) => p.snapshot.externalId),
    incUpdates.map((x) => x.incident),
    incUpdates.map((x) => x.u.externalId),
    incUpdates.map((x) => x.u.status),
    incUpdates.map((x) => x.u.label ?? null),
    incUpdates.map((x) => x.u.body),
    incUpdates.map((x) => iso(x.u.at)),
    incUpdates.map((x) => JSON.stringify(x.u.components.map((c) => ({ name: c.name, from: c.from ?? null, to: c.to ?? null })))),
    // maintenances, the same way ($42–$70)
    newMnt.map((p) => p.snapshot.externalId),
    ...maintenanceColumns(newMnt.map((p) => p.row)),
    changedMnt.map((p) => p.stored!.id),
    ...maintenanceColumns(changedMnt.map((p) => p.row)),
    knownMnt.map((p) => p.stored!.id),
    knownMnt.map((p) => p.snapshot.externalId),
    mntUpdates.map((x) => x.maintenance),
    mntUpdates.map((x) => x.u.externalId),
    mntUpdates.map((x) => x.u.status),
    mntUpdates.map((x) => x.u.body),
    mntUpdates.map((x) => iso(x.u.at)),
    // events ($71–$79)
    diff.backfill,
    t.map((x) => x.kind),
    t.map((x) => x.subject?.type ?? null),
    t.map((x) => x.subject?.externalId ?? null),
    t.map((x) => x.from ?? null),
    t.map((x) => x.to ?? null),
    t.map((x) => iso(x.at)),
    t.map((x) => x.dedupeKey),
    t.map((x) => JSON.stringify(x.data ?? {})),
    // the provider's row ($80–$86)
    !!success,
    iso(success?.now),
    success?.validators ? JSON.stringify(success.validators) : null,
    iso(success?.pageUpdatedAt),
    !!status,
    status?.to ?? null,
    status?.description ?? null,
  ]);
  const r = rows[0]!;
  if (success && r.marked === 0) throw new Error(`provider ${providerId} is not in the database`);
  return { events: r.events, unreachableSince: r.unreachable_since ? new Date(r.unreachable_since) : null };
}

type IncidentRow = TimelineDiff["incidents"][number]["row"];
type MaintenanceRow = TimelineDiff["maintenances"][number]["row"];

function incidentColumns(rows: IncidentRow[]): unknown[][] {
  return [
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
  ];
}

function maintenanceColumns(rows: MaintenanceRow[]): unknown[][] {
  return [
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
  ];
}
