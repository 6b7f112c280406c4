import type { Snapshot, SnapshotComponent, SnapshotIncident, SnapshotIncidentUpdate, SnapshotMaintenance } from "../domain/snapshot";
import { type IncidentStatus, type MaintenanceStatus, isClosed } from "../domain/status";
import type { StoredComponent, StoredIncident, StoredMaintenance, StoredState, Transition } from "./types";
import { newEvent } from "../events/contract";

export interface IncidentPlan {
  snapshot: SnapshotIncident;
  stored?: StoredIncident;
  /** Row values after this poll. */
  row: Omit<StoredIncident, "id" | "updateIds" | "latestUpdateAt">;
  newUpdates: SnapshotIncidentUpdate[];
  rowChanged: boolean;
  /** Only the page's own last-modified time moved: worth keeping, but nothing happened. */
  bookkeepingOnly: boolean;
}

export interface MaintenancePlan {
  snapshot: SnapshotMaintenance;
  stored?: StoredMaintenance;
  row: Omit<StoredMaintenance, "id" | "updateIds" | "latestUpdateAt">;
  newUpdates: SnapshotMaintenance["updates"];
  rowChanged: boolean;
  bookkeepingOnly: boolean;
}

export interface ComponentPlan {
  snapshot: SnapshotComponent;
  stored?: StoredComponent;
  statusChanged: boolean;
  at: Date;
}

export interface TimelineDiff {
  backfill: boolean;
  /** The page's time when it is newer than the stored one (kept on the provider, not a timeline change). */
  pageUpdatedAt?: Date;
  providerStatus?: { from?: string; to: string; description?: string };
  components: ComponentPlan[];
  incidents: IncidentPlan[];
  maintenances: MaintenancePlan[];
  transitions: Transition[];
}

export function isEmptyDiff(d: TimelineDiff): boolean {
  return !d.providerStatus && d.components.length === 0 && d.incidents.length === 0 && d.maintenances.length === 0 && d.transitions.length === 0;
}

/** Whether the timeline itself changes (what "timeline updated" reports), bookkeeping aside. */
export function changesTimeline(d: TimelineDiff): boolean {
  return (
    !!d.providerStatus ||
    d.components.length > 0 ||
    d.transitions.length > 0 ||
    d.incidents.some((p) => !p.bookkeepingOnly) ||
    d.maintenances.some((p) => !p.bookkeepingOnly)
  );
}

/**
 * Compares what is stored with a new snapshot and returns the rows to write and the transitions
 * to record. Pure: the same inputs always give the same result. Things absent from the snapshot
 * are left alone (an incident missing from a later payload is not thereby resolved), and so is
 * anything the stored version of which is newer by the page's own clock: a stale copy of a page
 * (a lagging CDN edge, an older fetch written after a newer one) moves nothing backwards.
 */
export function diffSnapshot(stored: StoredState, snapshot: Snapshot, now: Date): TimelineDiff {
  const pid = stored.providerId;
  const transitions: Transition[] = [];
  const diff: TimelineDiff = { backfill: !stored.synced, components: [], incidents: [], maintenances: [], transitions };
  const pageStale = isOlder(snapshot.updatedAt, stored.pageUpdatedAt);
  if (snapshot.updatedAt && (!stored.pageUpdatedAt || snapshot.updatedAt > stored.pageUpdatedAt)) diff.pageUpdatedAt = snapshot.updatedAt;

  if (!pageStale && snapshot.status && snapshot.status !== stored.providerStatus) {
    diff.providerStatus = { from: stored.providerStatus, to: snapshot.status, description: snapshot.statusDescription };
    const at = snapshot.updatedAt && snapshot.updatedAt <= now ? snapshot.updatedAt : now;
    transitions.push({
      ...newEvent(
        "provider_status_changed",
        { description: snapshot.statusDescription },
        { providerId: pid, from: stored.providerStatus, to: snapshot.status, at },
      ),
      from: stored.providerStatus,
      to: snapshot.status,
      at,
    });
  }

  const components = uniqueBy(snapshot.components, (c) => c.externalId);
  if (snapshot.componentsExhaustive && !pageStale) components.push(...recoveredByAbsence(stored, components));
  for (const c of components) {
    const was = stored.components.get(c.externalId);
    // A component's own time judges it; without one, the page's time does.
    if (was && (c.updatedAt ? isOlder(c.updatedAt, was.updatedAt) : pageStale)) continue;
    const plan = diffComponent(pid, was, c, now, transitions);
    if (plan) diff.components.push(plan);
  }
  for (const i of uniqueBy(snapshot.incidents, (i) => i.externalId)) {
    const was = stored.incidents.get(i.externalId);
    if (was && olderThanStored(i, was)) continue;
    const plan = diffIncident(pid, was, i, now, transitions, diff.backfill);
    if (plan) diff.incidents.push(plan);
  }
  for (const m of uniqueBy(snapshot.maintenances, (m) => m.externalId)) {
    const was = stored.maintenances.get(m.externalId);
    if (was && olderThanStored(m, was)) continue;
    const plan = diffMaintenance(pid, was, m, now, transitions);
    if (plan) diff.maintenances.push(plan);
  }
  diff.transitions = inOrderOfHappening(transitions);
  return diff;
}

/** At the same moment an incident's news comes before the components it names, then the page's summary. */
const SUBJECT_RANK = { incident: 0, maintenance: 1, component: 2, provider: 3 } as const;

/**
 * Events are written, and so delivered, in this order: by when they happened, whatever part of the
 * page they come from (after a gap a poll sees several). Each subject keeps its own sequence even
 * when the page's times disagree with it (a status set before the update that announced it).
 */
function inOrderOfHappening(transitions: Transition[]): Transition[] {
  const reached = new Map<string, number>();
  return transitions
    .map((t, index) => {
      const subject = t.subject ? `${t.subject.type}:${t.subject.externalId}` : "provider";
      const at = Math.max(t.at.getTime(), reached.get(subject) ?? Number.NEGATIVE_INFINITY);
      reached.set(subject, at);
      return { t, at, rank: SUBJECT_RANK[t.subject?.type ?? "provider"], index };
    })
    .sort((a, b) => a.at - b.at || a.rank - b.rank || a.index - b.index)
    .map((k) => k.t);
}

/** The page's last-modified time only moves forward, so a stale copy is always recognised as one. */
function later(a: Date | undefined, b: Date | null | undefined): Date | null {
  return a && b ? (a > b ? a : b) : (a ?? b ?? null);
}

function isOlder(time: Date | undefined, than: Date | null | undefined): boolean {
  return !!time && !!than && time.getTime() < than.getTime();
}

/**
 * Whether the page's copy of an incident or maintenance predates the stored one. An update newer
 * than any stored is news whatever else the copy says (sources that merge documents may carry an
 * older last-modified time); otherwise the item's own last-modified time decides when both have
 * one and they differ, else the newest update. A copy that says nothing about its age is current.
 */
function olderThanStored(
  item: { updatedAt?: Date; updates: { at: Date }[] },
  stored: { providerUpdatedAt: Date | null; latestUpdateAt: Date | null },
): boolean {
  const newest = item.updates.reduce<Date | undefined>((max, u) => (!max || u.at > max ? u.at : max), undefined);
  if (newest && stored.latestUpdateAt && newest > stored.latestUpdateAt) return false;
  if (item.updatedAt && stored.providerUpdatedAt && item.updatedAt.getTime() !== stored.providerUpdatedAt.getTime()) {
    return item.updatedAt < stored.providerUpdatedAt;
  }
  return isOlder(newest, stored.latestUpdateAt);
}

/** Stored components the exhaustive snapshot no longer lists, back to operational. */
function recoveredByAbsence(stored: StoredState, listed: SnapshotComponent[]): SnapshotComponent[] {
  const present = new Set(listed.map((c) => c.externalId));
  return [...stored.components]
    .filter(([id, c]) => !present.has(id) && c.status !== "operational")
    .map(([id, c]) => ({ externalId: id, name: c.name, group: c.groupName ?? undefined, status: "operational" }));
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}

function diffComponent(pid: string, stored: StoredComponent | undefined, c: SnapshotComponent, now: Date, out: Transition[]): ComponentPlan | undefined {
  const statusChanged = !stored || stored.status !== c.status;
  const renamed = !!stored && (stored.name !== c.name || stored.groupName !== (c.group ?? null));
  if (!statusChanged && !renamed) return undefined;
  // A status change we observe now may have happened earlier, but never later than now.
  const at = c.updatedAt && c.updatedAt <= now ? c.updatedAt : now;
  if (statusChanged && (stored || c.status !== "operational")) {
    out.push({
      ...newEvent(
        "component_status_changed",
        { component: c.name, group: c.group, ...(c.description ? { description: c.description } : {}) },
        { providerId: pid, subjectId: c.externalId, from: stored?.status, to: c.status, at },
      ),
      subject: { type: "component", externalId: c.externalId },
      from: stored?.status,
      to: c.status,
      at,
    });
  }
  return { snapshot: c, stored, statusChanged, at };
}

function byTime<T extends { at: Date }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
}

function incidentStatusTransition(pid: string, inc: SnapshotIncident, from: IncidentStatus | undefined, to: IncidentStatus, at: Date): Transition {
  const base = { subject: { type: "incident" as const, externalId: inc.externalId }, at };
  const key = { providerId: pid, subjectId: inc.externalId, from, to, at };
  if (from === undefined) return { ...base, ...newEvent("incident_opened", { title: inc.title }, key), to };
  const kind = isClosed(to) && !isClosed(from) ? "incident_resolved" : "incident_status_changed";
  return { ...base, ...newEvent(kind, { title: inc.title }, key), from, to };
}

/**
 * On a first sync (backfill) the updates the page had already posted are stored with their incident
 * but not repeated as `incident_update_posted` events: backfill alerts no one, the incident's page
 * and API show its updates from incident_updates, and an event per old update was half of the rows
 * (and most of the bytes) of a first sync. Its status transitions are still recorded.
 */
function diffIncident(
  pid: string,
  stored: StoredIncident | undefined,
  inc: SnapshotIncident,
  now: Date,
  out: Transition[],
  backfill: boolean,
): IncidentPlan | undefined {
  const updates = byTime(inc.updates);
  const newUpdates = updates.filter((u) => !stored?.updateIds.has(u.externalId));
  const events: Transition[] = [];
  let current: IncidentStatus | undefined = stored?.status;
  const reached = new Map<IncidentStatus, Date>();

  if (!stored) {
    const initial = updates[0]?.status ?? inc.status;
    const at = updates[0]?.at ?? inc.startedAt;
    events.push(incidentStatusTransition(pid, inc, undefined, initial, at));
    current = initial;
    reached.set(initial, at);
  }
  for (const u of newUpdates) {
    if (!backfill) {
      events.push({
        ...newEvent(
          "incident_update_posted",
          { title: inc.title, body: u.body, label: u.label, components: u.components.map((c) => c.name) },
          { providerId: pid, subjectId: inc.externalId, at: u.at, part: u.externalId },
        ),
        subject: { type: "incident", externalId: inc.externalId },
        to: u.status,
        at: u.at,
      });
    }
    if (u.status !== current) {
      events.push(incidentStatusTransition(pid, inc, current, u.status, u.at));
      current = u.status;
      if (!reached.has(u.status)) reached.set(u.status, u.at);
    }
  }
  if (inc.status !== current) {
    // The page changed the status without (or before) posting an update saying so.
    const at = inc.updatedAt && inc.updatedAt <= now ? inc.updatedAt : now;
    events.push(incidentStatusTransition(pid, inc, current, inc.status, at));
    current = inc.status;
    if (!reached.has(inc.status)) reached.set(inc.status, at);
  }

  const closed = isClosed(inc.status);
  const row: IncidentPlan["row"] = {
    title: inc.title,
    status: inc.status,
    impact: inc.impact,
    url: inc.url ?? null,
    // Never later than what was stored: feeds and widgets that drop old updates would move it.
    startedAt: stored && stored.startedAt < inc.startedAt ? stored.startedAt : inc.startedAt,
    identifiedAt: inc.identifiedAt ?? stored?.identifiedAt ?? reached.get("identified") ?? null,
    monitoringAt: inc.monitoringAt ?? stored?.monitoringAt ?? reached.get("monitoring") ?? null,
    resolvedAt: closed
      ? (inc.resolvedAt ??
        (stored?.resolvedAt && isClosed(stored.status) ? stored.resolvedAt : undefined) ??
        reached.get("resolved") ??
        reached.get("postmortem") ??
        now)
      : null,
    providerUpdatedAt: later(inc.updatedAt, stored?.providerUpdatedAt),
    components: [...new Set([...(stored?.components ?? []), ...inc.components])],
  };
  const rowChanged = !stored || !sameRow(stored, row);
  if (!rowChanged && newUpdates.length === 0 && events.length === 0) return undefined;
  out.push(...events);
  return { snapshot: inc, stored, row, newUpdates, rowChanged, bookkeepingOnly: onlyTimesMoved(stored, row, newUpdates.length + events.length) };
}

function onlyTimesMoved(stored: { providerUpdatedAt: Date | null } | undefined, row: { providerUpdatedAt: Date | null }, news: number): boolean {
  return !!stored && news === 0 && sameRow(stored, { ...row, providerUpdatedAt: stored.providerUpdatedAt });
}

function sameRow(stored: object, row: object): boolean {
  return Object.entries(row).every(([k, v]) => sameValue((stored as Record<string, unknown>)[k], v));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

function maintenanceKind(
  from: MaintenanceStatus | undefined,
  to: MaintenanceStatus,
): "maintenance_started" | "maintenance_completed" | "maintenance_scheduled" | "maintenance_status_changed" {
  if (to === "in_progress" && from !== "verifying") return "maintenance_started";
  if (to === "completed" || to === "cancelled") return "maintenance_completed";
  if (from === undefined) return "maintenance_scheduled";
  return "maintenance_status_changed";
}

function diffMaintenance(
  pid: string,
  stored: StoredMaintenance | undefined,
  m: SnapshotMaintenance,
  now: Date,
  out: Transition[],
): MaintenancePlan | undefined {
  const updates = byTime(m.updates);
  const newUpdates = updates.filter((u) => !stored?.updateIds.has(u.externalId));
  const events: Transition[] = [];
  if (!stored || stored.status !== m.status) {
    const statusUpdate = [...updates].reverse().find((u) => u.status === m.status);
    const at = statusUpdate?.at ?? (m.status === "in_progress" ? m.startedAt : m.status === "completed" ? m.completedAt : undefined) ?? now;
    events.push({
      ...newEvent(
        maintenanceKind(stored?.status, m.status),
        { title: m.title, scheduledFor: m.scheduledFor?.toISOString(), scheduledUntil: m.scheduledUntil?.toISOString() },
        { providerId: pid, subjectId: m.externalId, from: stored?.status, to: m.status, at },
      ),
      subject: { type: "maintenance", externalId: m.externalId },
      from: stored?.status,
      to: m.status,
      at,
    });
  }
  const row: MaintenancePlan["row"] = {
    title: m.title,
    status: m.status,
    impact: m.impact,
    url: m.url ?? null,
    scheduledFor: m.scheduledFor ?? null,
    scheduledUntil: m.scheduledUntil ?? null,
    startedAt: m.startedAt ?? stored?.startedAt ?? (m.status === "in_progress" ? (events[0]?.at ?? now) : null),
    completedAt: m.completedAt ?? stored?.completedAt ?? (m.status === "completed" ? (events[0]?.at ?? now) : null),
    providerUpdatedAt: later(m.updatedAt, stored?.providerUpdatedAt),
    components: [...new Set(m.components)],
  };
  const rowChanged = !stored || !sameRow(stored, row);
  if (!rowChanged && newUpdates.length === 0 && events.length === 0) return undefined;
  out.push(...events);
  return { snapshot: m, stored, row, newUpdates, rowChanged, bookkeepingOnly: onlyTimesMoved(stored, row, newUpdates.length + events.length) };
}
