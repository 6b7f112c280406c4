import type { SnapshotIncident, SnapshotIncidentUpdate, SnapshotMaintenance, SnapshotMaintenanceUpdate } from "../../domain/snapshot";
import { type Impact, type IncidentStatus, type MaintenanceStatus, isClosed } from "../../domain/status";
import { shortHash } from "./parse-helpers";

/** An update as a page shows it, before statuses are carried forward. */
export interface RawUpdate {
  at: Date;
  body: string;
  /** The page's own label ("Update", "Resolved", "SERVICE_DISRUPTION"…). */
  label?: string;
  /** The label's meaning, when it names a state; undefined carries the previous state forward. */
  status?: IncidentStatus;
  externalId?: string;
  components?: SnapshotIncidentUpdate["components"];
}

/**
 * Chronological updates with statuses resolved: an update without a known state ("Update")
 * keeps the previous one and keeps its label, so it never moves the incident.
 * Updates of the same time keep their order in `raw`, which must therefore be oldest first:
 * pages with minute precision post several updates per minute.
 */
export function carryStatuses(raw: RawUpdate[], initial: IncidentStatus = "investigating"): SnapshotIncidentUpdate[] {
  const ordered = raw.map((u, i) => ({ u, i })).sort((a, b) => a.u.at.getTime() - b.u.at.getTime() || a.i - b.i);
  let current = initial;
  const seen = new Set<string>();
  return ordered.map(({ u }) => {
    const status = u.status ?? current;
    current = status;
    let id = u.externalId ?? shortHash(u.label ?? status, u.at.toISOString(), u.body);
    while (seen.has(id)) id += "'";
    seen.add(id);
    return {
      externalId: id,
      status,
      label: u.status === undefined || (u.label && u.label.toLowerCase() !== status) ? u.label || undefined : undefined,
      body: u.body,
      at: u.at,
      components: u.components ?? [],
    };
  });
}

export interface IncidentFacts {
  externalId: string;
  title: string;
  impact: Impact;
  url?: string;
  components: string[];
  updates: SnapshotIncidentUpdate[];
  /** Overrides the latest update's status (a page that states the incident's state separately). */
  status?: IncidentStatus;
  startedAt?: Date;
  resolvedAt?: Date;
  updatedAt?: Date;
}

/** Fills the derived times from the updates; the incident's status is the latest update's unless stated. */
export function buildIncident(f: IncidentFacts): SnapshotIncident | undefined {
  const updates = [...f.updates].sort((a, b) => a.at.getTime() - b.at.getTime());
  const startedAt = f.startedAt ?? updates[0]?.at;
  if (!startedAt) return undefined;
  const status = f.status ?? updates.at(-1)?.status ?? "investigating";
  const first = (s: IncidentStatus) => updates.find((u) => u.status === s && !u.label)?.at ?? updates.find((u) => u.status === s)?.at;
  const lastResolved = [...updates].reverse().find((u) => u.status === "resolved")?.at;
  const components = [...f.components];
  for (const u of updates) for (const c of u.components) if (!components.includes(c.name)) components.push(c.name);
  return {
    externalId: f.externalId,
    title: f.title,
    status,
    impact: f.impact,
    url: f.url,
    startedAt,
    identifiedAt: first("identified"),
    monitoringAt: first("monitoring"),
    resolvedAt: isClosed(status) ? (f.resolvedAt ?? lastResolved ?? updates.at(-1)?.at ?? startedAt) : undefined,
    updatedAt: f.updatedAt,
    components,
    updates,
  };
}

export interface RawMaintenanceUpdate {
  at: Date;
  body: string;
  status?: MaintenanceStatus;
  externalId?: string;
}

export interface MaintenanceFacts {
  externalId: string;
  title: string;
  impact: Impact;
  url?: string;
  components: string[];
  updates: RawMaintenanceUpdate[];
  status?: MaintenanceStatus;
  scheduledFor?: Date;
  scheduledUntil?: Date;
  updatedAt?: Date;
}

export function buildMaintenance(f: MaintenanceFacts): SnapshotMaintenance {
  let current: MaintenanceStatus = "scheduled";
  const seen = new Set<string>();
  const updates: SnapshotMaintenanceUpdate[] = f.updates
    .map((u, i) => ({ u, i }))
    .sort((a, b) => a.u.at.getTime() - b.u.at.getTime() || a.i - b.i)
    .map(({ u }) => {
      current = u.status ?? current;
      let id = u.externalId ?? shortHash(current, u.at.toISOString(), u.body);
      while (seen.has(id)) id += "'";
      seen.add(id);
      return { externalId: id, status: current, body: u.body, at: u.at };
    });
  const status = f.status ?? updates.at(-1)?.status ?? "scheduled";
  return {
    externalId: f.externalId,
    title: f.title,
    status,
    impact: f.impact,
    url: f.url,
    scheduledFor: f.scheduledFor,
    scheduledUntil: f.scheduledUntil,
    startedAt: updates.find((u) => u.status === "in_progress")?.at,
    completedAt:
      status === "completed" ? ([...updates].reverse().find((u) => u.status === "completed")?.at ?? f.scheduledUntil ?? updates.at(-1)?.at) : undefined,
    updatedAt: f.updatedAt,
    components: f.components,
    updates,
  };
}
