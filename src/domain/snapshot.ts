import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from "./status";

/**
 * What one poll of a status page says, normalized. Every source kind's pure parser returns this;
 * the timeline diff compares it with what is stored. Times are Date objects in UTC.
 */
export interface Snapshot {
  /** Overall page status when the page states one; undefined leaves the stored status alone. */
  status?: ComponentStatus;
  statusDescription?: string;
  /** The page's own last-modified time, when it states one: a copy older than what is stored moves nothing. */
  updatedAt?: Date;
  components: SnapshotComponent[];
  /**
   * Set by sources that derive components from the events they list (GCP, AWS, Azure, Slack): a
   * stored component missing from `components` has no open event left and is operational again.
   * Otherwise a missing component is left as it is, like a missing incident.
   */
  componentsExhaustive?: boolean;
  incidents: SnapshotIncident[];
  maintenances: SnapshotMaintenance[];
  /** Why items of the page were left out; the rest of the snapshot stands. */
  skipped?: string[];
}

export interface SnapshotComponent {
  /** Stable id within the provider (the page's own id, or the name when it has none). */
  externalId: string;
  name: string;
  group?: string;
  status: ComponentStatus;
  /** What the source says about the status, for signal kinds ("187 user reports, usually 4"). */
  description?: string;
  /** When the page says the status last changed; the poll time when it does not say. */
  updatedAt?: Date;
}

export interface AffectedComponent {
  name: string;
  /** Status before this update, when the page says. */
  from?: ComponentStatus;
  /** Status after this update, when the page says. */
  to?: ComponentStatus;
}

export interface SnapshotIncidentUpdate {
  /** Stable id within the incident (the page's own id, or a hash of status+time+body). */
  externalId: string;
  status: IncidentStatus;
  /** Provider's own label when it differs from the status (e.g. "Update"). */
  label?: string;
  /** Plain text or the provider's markup; escaped wherever it is shown. */
  body: string;
  /** When the provider displays the update as posted. */
  at: Date;
  components: AffectedComponent[];
}

export interface SnapshotIncident {
  externalId: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  url?: string;
  startedAt: Date;
  identifiedAt?: Date;
  monitoringAt?: Date;
  resolvedAt?: Date;
  /** The page's own last-modified time for the incident, when it has one. */
  updatedAt?: Date;
  /** Names of affected components. */
  components: string[];
  /** Any order; the timeline sorts them by time. */
  updates: SnapshotIncidentUpdate[];
}

export interface SnapshotMaintenanceUpdate {
  externalId: string;
  status: MaintenanceStatus;
  body: string;
  at: Date;
}

export interface SnapshotMaintenance {
  externalId: string;
  title: string;
  status: MaintenanceStatus;
  impact: Impact;
  url?: string;
  scheduledFor?: Date;
  scheduledUntil?: Date;
  startedAt?: Date;
  completedAt?: Date;
  updatedAt?: Date;
  components: string[];
  updates: SnapshotMaintenanceUpdate[];
}

export function emptySnapshot(): Snapshot {
  return { components: [], incidents: [], maintenances: [] };
}
