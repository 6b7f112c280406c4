import { queryRows } from "../db/pool";
import type { PrismaClient } from "../generated/prisma/client";
import { type EventRow, shape as eventView } from "./events";
import { type IncidentRow, incidentView } from "./incidents";
import { type ProviderRow, view as providerView } from "./providers";

/**
 * The lists `/` reads on every request, as plain statements on the pool: through Prisma each cost
 * milliseconds of CPU (300 provider rows, 300 ids bound twice) next to a query of well under one.
 * Same rows, order and shapes as ProviderService.list({}), IncidentService.list({ active: true })
 * and EventService.list({ includeBackfill: false, newestFirst: true }); test/api/dashboard.test.ts
 * checks what `/` shows from them.
 */
type Db = Pick<PrismaClient, "$queryRawUnsafe">;

/** Watched providers (enabled, not removed), by name. */
export async function watchedProviders(db: Db) {
  const rows = await queryRows<ProviderRow>(
    db,
    `SELECT id, name, kind, url, category, status::text AS status, status_description AS "statusDescription", last_polled_at AS "lastPolledAt",
            last_success_at AS "lastSuccessAt", last_error AS "lastError", consecutive_failures AS "consecutiveFailures",
            unreachable_since AS "unreachableSince", format_changed_since AS "formatChangedSince", format_change AS "formatChange",
            format_suggestion AS "formatSuggestion", enabled, poll_interval_seconds AS "pollIntervalSeconds", origin, sla
       FROM providers WHERE deleted_at IS NULL AND enabled ORDER BY name`,
  );
  return rows.map(providerView);
}

/** Incidents not resolved of these providers, newest first. */
export async function openIncidents(db: Db, providerIds: string[], limit: number) {
  const rows = await queryRows<IncidentRow>(
    db,
    `SELECT id, provider_id AS "providerId", external_id AS "externalId", title, status::text AS status, impact::text AS impact,
            started_at AS "startedAt", identified_at AS "identifiedAt", monitoring_at AS "monitoringAt", resolved_at AS "resolvedAt", components, url
       FROM incidents WHERE provider_id = ANY($1::text[]) AND status NOT IN ('resolved', 'postmortem')
      ORDER BY started_at DESC, id DESC LIMIT $2`,
    providerIds,
    limit,
  );
  return rows.map(incidentView);
}

/** Live (not backfilled) changes of these providers, newest first. */
export async function recentEvents(db: Db, providerIds: string[], limit: number) {
  const rows = await queryRows<EventRow & { componentName: string | null; incidentTitle: string | null; maintenanceTitle: string | null }>(
    db,
    `SELECT e.id, e.provider_id AS "providerId", e.kind::text AS kind, e.incident_id AS "incidentId", e.maintenance_id AS "maintenanceId",
            e.from_status AS "fromStatus", e.to_status AS "toStatus", e.occurred_at AS "occurredAt", e.created_at AS "createdAt", e.backfill, e.data,
            c.name AS "componentName", i.title AS "incidentTitle", m.title AS "maintenanceTitle"
       FROM events e LEFT JOIN components c ON c.id = e.component_id LEFT JOIN incidents i ON i.id = e.incident_id
            LEFT JOIN maintenances m ON m.id = e.maintenance_id
      WHERE e.provider_id = ANY($1::text[]) AND NOT e.backfill
      ORDER BY e.id DESC LIMIT $2`,
    providerIds,
    limit,
  );
  return rows.map((r) =>
    eventView({
      ...r,
      component: r.componentName === null ? null : { name: r.componentName },
      incident: r.incidentTitle === null ? null : { title: r.incidentTitle },
      maintenance: r.maintenanceTitle === null ? null : { title: r.maintenanceTitle },
    }),
  );
}

type MaintenanceRow = Awaited<ReturnType<PrismaClient["maintenance"]["findMany"]>>[number];

/** Maintenances of these providers in progress, or scheduled to start by `until` and not over by `now`; by start. */
export function currentMaintenances(db: Db, providerIds: string[], now: Date, until: Date, limit: number) {
  return queryRows<MaintenanceRow>(
    db,
    `SELECT id, provider_id AS "providerId", external_id AS "externalId", title, status::text AS status, impact::text AS impact, url,
            scheduled_for AS "scheduledFor", scheduled_until AS "scheduledUntil", started_at AS "startedAt", completed_at AS "completedAt",
            provider_updated_at AS "providerUpdatedAt", components, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM maintenances
      WHERE provider_id = ANY($1::text[])
        AND (status IN ('in_progress', 'verifying')
             OR (status = 'scheduled' AND scheduled_for <= $2 AND (scheduled_until IS NULL OR scheduled_until >= $3)))
      ORDER BY scheduled_for ASC NULLS LAST, id ASC LIMIT $4`,
    providerIds,
    until,
    now,
    limit,
  );
}

/** What happened to a provider lately, beyond its own status (see src/dashboard/attention.ts). */
export interface RecentTrouble {
  /** Components degraded or worse now, by name (one under maintenance is in the maintenances' list). */
  components: string[];
  /** A component was degraded or worse at some moment of the last 24 h. */
  componentsLast24h: boolean;
  /** An incident is open now. */
  incidentOpen: boolean;
  /** An incident was open at some moment of the last 24 h (resolved since). */
  incidentLast24h: boolean;
}

/**
 * What went wrong lately, per provider (only those with something): components degraded or worse now; a component degraded or worse at some moment of (since, now]; an
 * incident open now or resolved after `since`.
 */
export async function recentTrouble(db: Db, providerIds: string[], since: Date): Promise<Map<string, RecentTrouble>> {
  const rows = await queryRows<{ providerId: string; components: string[] | null; componentsRecent: boolean; incidentOpen: boolean; incidentRecent: boolean }>(
    db,
    `WITH now_bad AS (
       SELECT provider_id, array_agg(name ORDER BY group_name NULLS FIRST, name) AS names FROM components
        WHERE provider_id = ANY($1::text[]) AND status IN ('degraded_performance', 'partial_outage', 'major_outage') GROUP BY provider_id),
     -- A change after since into a bad status, or out of one (the status before it was in force after since).
     changed AS (
       SELECT DISTINCT c.provider_id FROM component_status_changes x JOIN components c ON c.id = x.component_id
        WHERE x.at > $2 AND c.provider_id = ANY($1::text[])
          AND (x.to_status IN ('degraded_performance', 'partial_outage', 'major_outage')
               OR x.from_status IN ('degraded_performance', 'partial_outage', 'major_outage'))),
     incident AS (
       SELECT provider_id, bool_or(status NOT IN ('resolved', 'postmortem')) AS open, bool_or(resolved_at > $2) AS recent FROM incidents
        WHERE provider_id = ANY($1::text[]) AND (status NOT IN ('resolved', 'postmortem') OR resolved_at > $2) GROUP BY provider_id)
     SELECT p.id AS "providerId", n.names AS components, ch.provider_id IS NOT NULL AS "componentsRecent",
            coalesce(i.open, false) AS "incidentOpen", coalesce(i.recent, false) AS "incidentRecent"
       FROM unnest($1::text[]) AS p(id) LEFT JOIN now_bad n ON n.provider_id = p.id LEFT JOIN changed ch ON ch.provider_id = p.id
            LEFT JOIN incident i ON i.provider_id = p.id
      WHERE n.provider_id IS NOT NULL OR ch.provider_id IS NOT NULL OR i.provider_id IS NOT NULL`,
    providerIds,
    since,
  );
  return new Map(
    rows.map((r) => [
      r.providerId,
      { components: r.components ?? [], componentsLast24h: r.componentsRecent, incidentOpen: r.incidentOpen, incidentLast24h: r.incidentRecent },
    ]),
  );
}
