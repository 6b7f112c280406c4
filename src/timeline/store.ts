import type { Snapshot } from "../domain/snapshot";
import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from "../domain/status";
import { queryRows } from "../db/pool";
import type { Prisma } from "../generated/prisma/client";
import type { TimelineDiff } from "./diff";
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
  kind: string;
  /** The format watch's state (src/poller/format-watch.ts). */
  format: FormatWatchState;
}

export async function loadProviderPollState(db: Pick<Tx, "$queryRawUnsafe">, providerId: string): Promise<ProviderPollState | undefined> {
  const rows = await queryRows<
    FormatColumns & {
      status: string | null;
      last_success_at: Date | null;
      consecutive_failures: number;
      unreachable_since: Date | null;
      last_error: string | null;
      http_cache: Record<string, unknown> | null;
      page_updated_at: Date | null;
    }
  >(
    db,
    `SELECT status::text AS status, last_success_at, consecutive_failures, unreachable_since, last_error, http_cache, page_updated_at, ${FORMAT_COLUMNS}
       FROM providers WHERE id = $1`,
    providerId,
  );
  const p = rows[0];
  if (!p) return undefined;
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

/** Loads only what the snapshot mentions, so a long history costs nothing per poll. */
export async function loadStoredState(tx: Tx, providerId: string, snapshot: Snapshot, known?: ProviderPollState): Promise<StoredState> {
  const provider = known ?? (await loadProviderPollState(tx, providerId));
  if (!provider) throw new Error(`provider ${providerId} is not in the database`);
  const incidentIds = snapshot.incidents.map((i) => i.externalId);
  const maintenanceIds = snapshot.maintenances.map((m) => m.externalId);
  const components = await tx.$queryRawUnsafe<
    { id: number; external_id: string; name: string; group_name: string | null; status: ComponentStatus; updated_at: Date }[]
  >(`SELECT id, external_id, name, group_name, status::text AS status, updated_at FROM components WHERE provider_id = $1`, providerId);
  const incidents = incidentIds.length
    ? await tx.$queryRawUnsafe<IncidentRow[]>(
        `SELECT i.id, i.external_id, i.title, i.status::text AS status, i.impact::text AS impact, i.url, i.started_at, i.identified_at,
                i.monitoring_at, i.resolved_at, i.provider_updated_at, coalesce(i.components, '{}') AS components,
                coalesce((SELECT array_agg(u.external_id) FROM incident_updates u WHERE u.incident_id = i.id), '{}') AS update_ids,
                (SELECT max(u.display_at) FROM incident_updates u WHERE u.incident_id = i.id) AS latest_update_at
           FROM incidents i WHERE i.provider_id = $1 AND i.external_id = ANY($2::text[])`,
        providerId,
        incidentIds,
      )
    : [];
  const maintenances = maintenanceIds.length
    ? await tx.$queryRawUnsafe<MaintenanceRow[]>(
        `SELECT m.id, m.external_id, m.title, m.status::text AS status, m.impact::text AS impact, m.url, m.scheduled_for, m.scheduled_until,
                m.started_at, m.completed_at, m.provider_updated_at, coalesce(m.components, '{}') AS components,
                coalesce((SELECT array_agg(u.external_id) FROM maintenance_updates u WHERE u.maintenance_id = m.id), '{}') AS update_ids,
                (SELECT max(u.display_at) FROM maintenance_updates u WHERE u.maintenance_id = m.id) AS latest_update_at
           FROM maintenances m WHERE m.provider_id = $1 AND m.external_id = ANY($2::text[])`,
        providerId,
        maintenanceIds,
      )
    : [];
  return {
    providerId,
    providerStatus: provider.status ?? undefined,
    pageUpdatedAt: provider.pageUpdatedAt ?? undefined,
    synced: provider.lastSuccessAt !== null,
    components: new Map(components.map((c) => [c.external_id, { id: c.id, name: c.name, groupName: c.group_name, status: c.status, updatedAt: c.updated_at }])),
    incidents: new Map(
      incidents.map((i) => [
        i.external_id,
        {
          id: i.id,
          title: i.title,
          status: i.status,
          impact: i.impact,
          url: i.url,
          startedAt: i.started_at,
          identifiedAt: i.identified_at,
          monitoringAt: i.monitoring_at,
          resolvedAt: i.resolved_at,
          providerUpdatedAt: i.provider_updated_at,
          components: i.components,
          updateIds: new Set(i.update_ids),
          latestUpdateAt: i.latest_update_at,
        },
      ]),
    ),
    maintenances: new Map(
      maintenances.map((m) => [
        m.external_id,
        {
          id: m.id,
          title: m.title,
          status: m.status,
          impact: m.impact,
          url: m.url,
          scheduledFor: m.scheduled_for,
          scheduledUntil: m.scheduled_until,
          startedAt: m.started_at,
          completedAt: m.completed_at,
          providerUpdatedAt: m.provider_updated_at,
          components: m.components,
          updateIds: new Set(m.update_ids),
          latestUpdateAt: m.latest_update_at,
        },
      ]),
    ),
  };
}

interface IncidentRow {
  id: number;
  external_id: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  url: string | null;
  started_at: Date;
  identified_at: Date | null;
  monitoring_at: Date | null;
  resolved_at: Date | null;
  provider_updated_at: Date | null;
  components: string[];
  update_ids: string[];
  latest_update_at: Date | null;
}

interface MaintenanceRow {
  id: number;
  external_id: string;
  title: string;
  status: MaintenanceStatus;
  impact: Impact;
  url: string | null;
  scheduled_for: Date | null;
  scheduled_until: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  provider_updated_at: Date | null;
  components: string[];
  update_ids: string[];
  latest_update_at: Date | null;
}

export interface ApplyResult {
  events: number;
  incidents: number;
}

/** Writes the diff's rows and its events; runs inside the caller's transaction. */
export async function applyDiff(tx: Tx, providerId: string, diff: TimelineDiff): Promise<ApplyResult> {
  if (diff.providerStatus) {
    await tx.$executeRawUnsafe(
      `UPDATE providers SET status = $2::"ComponentStatus", status_description = $3, updated_at = now() WHERE id = $1`,
      providerId,
      diff.providerStatus.to,
      diff.providerStatus.description ?? null,
    );
  }

  const componentIds = new Map<string, number>();
  if (diff.components.length > 0) {
    const plans = diff.components;
    // An upsert keyed like the unique index; the change time moves only with the status.
    const rows = await tx.$queryRawUnsafe<{ id: number; external_id: string }[]>(
      `INSERT INTO components (provider_id, external_id, name, group_name, status, updated_at)
       SELECT $1, u.external_id, u.name, u.group_name, u.status::"ComponentStatus", u.at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS u(external_id, name, group_name, status, at, n)
        ORDER BY u.n
       ON CONFLICT (provider_id, external_id) DO UPDATE SET
         name = excluded.name, group_name = excluded.group_name, status = excluded.status,
         updated_at = CASE WHEN components.status IS DISTINCT FROM excluded.status THEN excluded.updated_at ELSE components.updated_at END
       RETURNING id, external_id`,
      providerId,
      plans.map((p) => p.snapshot.externalId),
      plans.map((p) => p.snapshot.name),
      plans.map((p) => p.snapshot.group ?? null),
      plans.map((p) => p.snapshot.status),
      plans.map((p) => iso(p.at)),
    );
    for (const r of rows) componentIds.set(r.external_id, r.id);
    const changes = plans.filter((p) => p.statusChanged);
    if (changes.length > 0) {
      // The same statement drops the per-day uptime summaries the changes make stale: each component's
      // days from its change's UTC day on, and the provider's window (src/services/uptime-days.ts).
      await tx.$executeRawUnsafe(
        `WITH inserted AS (
           INSERT INTO component_status_changes (component_id, from_status, to_status, at)
           SELECT u.component_id, u.from_status::"ComponentStatus", u.to_status::"ComponentStatus", u.at
             FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS u(component_id, from_status, to_status, at, n)
            ORDER BY u.n
           RETURNING component_id, at
         ), stale_days AS (
           DELETE FROM component_uptime_days d
            USING (SELECT component_id, min(at) AS at FROM inserted GROUP BY component_id) i
            WHERE d.component_id = i.component_id AND d.day >= (i.at AT TIME ZONE 'UTC')::date
         )
         DELETE FROM provider_uptime_windows WHERE provider_id = $5 AND last_day >= (SELECT (min(at) AT TIME ZONE 'UTC')::date FROM inserted)`,
        changes.map((p) => componentIds.get(p.snapshot.externalId)!),
        changes.map((p) => p.stored?.status ?? null),
        changes.map((p) => p.snapshot.status),
        changes.map((p) => iso(p.at)),
        providerId,
      );
    }
  }

  const incidentIds = new Map<string, number>();
  const newIncidents = diff.incidents.filter((p) => !p.stored);
  if (newIncidents.length > 0) {
    const rows = newIncidents.map((p) => p.row);
    const created = await tx.$queryRawUnsafe<{ id: number; external_id: string }[]>(
      `INSERT INTO incidents (provider_id, external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components)
       SELECT $1, u.external_id, u.title, u.status::"IncidentStatus", u.impact::"Impact", u.url, u.started_at, u.identified_at, u.monitoring_at,
              u.resolved_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::text[]) WITH ORDINALITY
              AS u(external_id, title, status, impact, url, started_at, identified_at, monitoring_at, resolved_at, provider_updated_at, components, n)
        ORDER BY u.n
       RETURNING id, external_id`,
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
    );
    for (const c of created) incidentIds.set(c.external_id, c.id);
  }
  for (const plan of diff.incidents) {
    if (!plan.stored) continue;
    incidentIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) await tx.incident.update({ where: { id: plan.stored.id }, data: { ...plan.row } });
  }
  const incidentUpdates = diff.incidents.flatMap((plan) => plan.newUpdates.map((u) => ({ incidentId: incidentIds.get(plan.snapshot.externalId)!, u })));
  if (incidentUpdates.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO incident_updates (incident_id, external_id, status, label, body, display_at, affected_components)
       SELECT u.incident_id, u.external_id, u.status::"IncidentStatus", u.label, u.body, u.display_at, u.affected::jsonb
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) WITH ORDINALITY
              AS u(incident_id, external_id, status, label, body, display_at, affected, n)
        ORDER BY u.n
       ON CONFLICT (incident_id, external_id) DO NOTHING`,
      incidentUpdates.map((x) => x.incidentId),
      incidentUpdates.map((x) => x.u.externalId),
      incidentUpdates.map((x) => x.u.status),
      incidentUpdates.map((x) => x.u.label ?? null),
      incidentUpdates.map((x) => x.u.body),
      incidentUpdates.map((x) => iso(x.u.at)),
      incidentUpdates.map((x) => JSON.stringify(x.u.components.map((c) => ({ name: c.name, from: c.from ?? null, to: c.to ?? null })))),
    );
  }

  const maintenanceIds = new Map<string, number>();
  const newMaintenances = diff.maintenances.filter((p) => !p.stored);
  if (newMaintenances.length > 0) {
    const rows = newMaintenances.map((p) => p.row);
    const created = await tx.$queryRawUnsafe<{ id: number; external_id: string }[]>(
      `INSERT INTO maintenances (provider_id, external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components)
       SELECT $1, u.external_id, u.title, u.status::"MaintenanceStatus", u.impact::"Impact", u.url, u.scheduled_for, u.scheduled_until,
              u.started_at, u.completed_at, u.provider_updated_at, ARRAY(SELECT jsonb_array_elements_text(u.components::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::text[]) WITH ORDINALITY
              AS u(external_id, title, status, impact, url, scheduled_for, scheduled_until, started_at, completed_at, provider_updated_at, components, n)
        ORDER BY u.n
       RETURNING id, external_id`,
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
    );
    for (const c of created) maintenanceIds.set(c.external_id, c.id);
  }
  for (const plan of diff.maintenances) {
    if (!plan.stored) continue;
    maintenanceIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) await tx.maintenance.update({ where: { id: plan.stored.id }, data: { ...plan.row } });
  }
  const maintenanceUpdates = diff.maintenances.flatMap((plan) =>
    plan.newUpdates.map((u) => ({ maintenanceId: maintenanceIds.get(plan.snapshot.externalId)!, u })),
  );
  if (maintenanceUpdates.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO maintenance_updates (maintenance_id, external_id, status, body, display_at)
       SELECT u.maintenance_id, u.external_id, u.status::"MaintenanceStatus", u.body, u.display_at
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(maintenance_id, external_id, status, body, display_at, n)
        ORDER BY u.n
       ON CONFLICT (maintenance_id, external_id) DO NOTHING`,
      maintenanceUpdates.map((x) => x.maintenanceId),
      maintenanceUpdates.map((x) => x.u.externalId),
      maintenanceUpdates.map((x) => x.u.status),
      maintenanceUpdates.map((x) => x.u.body),
      maintenanceUpdates.map((x) => iso(x.u.at)),
    );
  }

  if (diff.transitions.length === 0) return { events: 0, incidents: diff.incidents.length };
  const t = diff.transitions;
  // Ids follow the transitions' order, which is the order subscribers are told.
  const created = await tx.$executeRawUnsafe(
    `INSERT INTO events (provider_id, kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, backfill, dedupe_key, data)
     SELECT $1, u.kind::"EventKind", u.incident_id, u.maintenance_id, u.component_id, u.from_status, u.to_status, u.occurred_at, $2, u.dedupe_key, u.data::jsonb
       FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[]) WITH ORDINALITY
            AS u(kind, incident_id, maintenance_id, component_id, from_status, to_status, occurred_at, dedupe_key, data, n)
      ORDER BY u.n
     ON CONFLICT (dedupe_key) DO NOTHING`,
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
  );
  return { events: created, incidents: diff.incidents.length };
}
