import type { ComponentStatus, EventKind, Impact, IncidentStatus, MaintenanceStatus } from "../domain/status";
import type { EventData } from "../events/contract";

/** What the timeline already holds for the things a snapshot mentions. */
export interface StoredState {
  providerId: string;
  providerStatus?: ComponentStatus;
  /** The newest page time seen (Snapshot.updatedAt). */
  pageUpdatedAt?: Date;
  /** False until the first successful sync: that sync's events are backfill. */
  synced: boolean;
  components: Map<string, StoredComponent>;
  incidents: Map<string, StoredIncident>;
  maintenances: Map<string, StoredMaintenance>;
}

export interface StoredComponent {
  id: number;
  name: string;
  groupName: string | null;
  status: ComponentStatus;
  /** When the stored status began, by the page's clock where it said. */
  updatedAt: Date;
}

export interface StoredIncident {
  id: number;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  url: string | null;
  startedAt: Date;
  identifiedAt: Date | null;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  providerUpdatedAt: Date | null;
  components: string[];
  updateIds: Set<string>;
  /** Time of the newest stored update. */
  latestUpdateAt: Date | null;
}

export interface StoredMaintenance {
  id: number;
  title: string;
  status: MaintenanceStatus;
  impact: Impact;
  url: string | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  providerUpdatedAt: Date | null;
  components: string[];
  updateIds: Set<string>;
  latestUpdateAt: Date | null;
}

/** An event to record, pointing at its subject by the provider's external id; its data as its kind declares (src/events/contract.ts). */
export type Transition = {
  [K in EventKind]: {
    kind: K;
    subject?: { type: "incident" | "maintenance" | "component"; externalId: string };
    from?: string;
    to?: string;
    at: Date;
    dedupeKey: string;
    data: EventData<K>;
  };
}[EventKind];
