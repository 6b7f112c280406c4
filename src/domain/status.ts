export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const IMPACTS = ["none", "minor", "major", "critical"] as const;
export type Impact = (typeof IMPACTS)[number];

export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed", "cancelled"] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const EVENT_KINDS = [
  "incident_opened",
  "incident_status_changed",
  "incident_update_posted",
  "incident_resolved",
  "component_status_changed",
  "provider_status_changed",
  "maintenance_scheduled",
  "maintenance_started",
  "maintenance_status_changed",
  "maintenance_completed",
  "source_unreachable",
  "source_recovered",
  "incident_reminder",
  "component_flapping",
  "outage_suspected",
  "outage_confirmed",
  "outage_cleared",
  "source_format_changed",
  "source_format_recovered",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Closed incidents: a later status update may still reopen them. */
export function isClosed(status: IncidentStatus): boolean {
  return status === "resolved" || status === "postmortem";
}

const COMPONENT_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function componentSeverity(status: ComponentStatus): number {
  return COMPONENT_SEVERITY[status];
}

export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const s of statuses) if (COMPONENT_SEVERITY[s] > COMPONENT_SEVERITY[worst]) worst = s;
  return worst;
}

export function impactRank(impact: Impact): number {
  return IMPACTS.indexOf(impact);
}

function lookup<T extends string>(values: readonly T[], raw: unknown): T | undefined {
  if (typeof raw !== "string") return undefined;
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return (values as readonly string[]).includes(key) ? (key as T) : undefined;
}

/** Maps a provider's incident status word ("Investigating", "update", …) to ours; undefined when it is not a status. */
export function toIncidentStatus(raw: unknown): IncidentStatus | undefined {
  return lookup(INCIDENT_STATUSES, raw);
}

export function toComponentStatus(raw: unknown): ComponentStatus | undefined {
  return lookup(COMPONENT_STATUSES, raw);
}

export function toImpact(raw: unknown): Impact | undefined {
  const key = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (key === "maintenance") return "none";
  return lookup(IMPACTS, key);
}

export function toMaintenanceStatus(raw: unknown): MaintenanceStatus | undefined {
  return lookup(MAINTENANCE_STATUSES, raw);
}
