import type { Snapshot } from "../domain/snapshot";
import type { ComponentStatus } from "../domain/status";
import type { Prisma } from "../generated/prisma/client";
import type { TimelineDiff } from "./diff";
import type { StoredState } from "./types";

type Tx = Prisma.TransactionClient;

/** Loads only what the snapshot mentions, so a long history costs nothing per poll. */
export async function loadStoredState(tx: Tx, providerId: string, snapshot: Snapshot): Promise<StoredState> {
  const provider = await tx.provider.findUniqueOrThrow({ where: { id: providerId }, select: { status: true, lastSuccessAt: true, pageUpdatedAt: true } });
  const [components, incidents, maintenances] = await Promise.all([
    tx.component.findMany({ where: { providerId } }),
    tx.incident.findMany({
      where: { providerId, externalId: { in: snapshot.incidents.map((i) => i.externalId) } },
      include: { updates: { select: { externalId: true, displayAt: true } } },
    }),
    tx.maintenance.findMany({
      where: { providerId, externalId: { in: snapshot.maintenances.map((m) => m.externalId) } },
      include: { updates: { select: { externalId: true, displayAt: true } } },
    }),
  ]);
  return {
    providerId,
    providerStatus: (provider.status as ComponentStatus | null) ?? undefined,
    pageUpdatedAt: provider.pageUpdatedAt ?? undefined,
    synced: provider.lastSuccessAt !== null,
    components: new Map(components.map((c) => [c.externalId, { id: c.id, name: c.name, groupName: c.groupName, status: c.status, updatedAt: c.updatedAt }])),
    incidents: new Map(
      incidents.map(({ updates, ...i }) => [i.externalId, { ...i, updateIds: new Set(updates.map((u) => u.externalId)), latestUpdateAt: latest(updates) }]),
    ),
    maintenances: new Map(
      maintenances.map(({ updates, ...m }) => [m.externalId, { ...m, updateIds: new Set(updates.map((u) => u.externalId)), latestUpdateAt: latest(updates) }]),
    ),
  };
}

function latest(updates: { displayAt: Date }[]): Date | null {
  return updates.reduce<Date | null>((max, u) => (!max || u.displayAt > max ? u.displayAt : max), null);
}

export interface ApplyResult {
  events: number;
  incidents: number;
}

/** Writes the diff's rows and its events; runs inside the caller's transaction. */
export async function applyDiff(tx: Tx, providerId: string, diff: TimelineDiff): Promise<ApplyResult> {
  if (diff.providerStatus) {
    await tx.provider.update({
      where: { id: providerId },
      data: { status: diff.providerStatus.to as ComponentStatus, statusDescription: diff.providerStatus.description ?? null },
    });
  }

  const componentIds = new Map<string, number>();
  for (const plan of diff.components) {
    const c = plan.snapshot;
    const row = await tx.component.upsert({
      where: { providerId_externalId: { providerId, externalId: c.externalId } },
      create: { providerId, externalId: c.externalId, name: c.name, groupName: c.group ?? null, status: c.status, updatedAt: plan.at },
      update: { name: c.name, groupName: c.group ?? null, status: c.status, ...(plan.statusChanged ? { updatedAt: plan.at } : {}) },
      select: { id: true },
    });
    componentIds.set(c.externalId, row.id);
    if (plan.statusChanged) {
      await tx.componentStatusChange.create({
        data: { componentId: row.id, fromStatus: plan.stored?.status ?? null, toStatus: c.status, at: plan.at },
      });
    }
  }

  const incidentIds = new Map<string, number>();
  const newIncidents = diff.incidents.filter((p) => !p.stored);
  if (newIncidents.length > 0) {
    const created = await tx.incident.createManyAndReturn({
      data: newIncidents.map((p) => ({ providerId, externalId: p.snapshot.externalId, ...p.row })),
      select: { id: true, externalId: true },
    });
    for (const c of created) incidentIds.set(c.externalId, c.id);
  }
  for (const plan of diff.incidents) {
    if (!plan.stored) continue;
    incidentIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) await tx.incident.update({ where: { id: plan.stored.id }, data: { ...plan.row } });
  }
  const incidentUpdates = diff.incidents.flatMap((plan) =>
    plan.newUpdates.map((u) => ({
      incidentId: incidentIds.get(plan.snapshot.externalId)!,
      externalId: u.externalId,
      status: u.status,
      label: u.label ?? null,
      body: u.body,
      displayAt: u.at,
      affectedComponents: u.components.map((c) => ({ name: c.name, from: c.from ?? null, to: c.to ?? null })),
    })),
  );
  if (incidentUpdates.length > 0) await tx.incidentUpdate.createMany({ data: incidentUpdates, skipDuplicates: true });

  const maintenanceIds = new Map<string, number>();
  const newMaintenances = diff.maintenances.filter((p) => !p.stored);
  if (newMaintenances.length > 0) {
    const created = await tx.maintenance.createManyAndReturn({
      data: newMaintenances.map((p) => ({ providerId, externalId: p.snapshot.externalId, ...p.row })),
      select: { id: true, externalId: true },
    });
    for (const c of created) maintenanceIds.set(c.externalId, c.id);
  }
  for (const plan of diff.maintenances) {
    if (!plan.stored) continue;
    maintenanceIds.set(plan.snapshot.externalId, plan.stored.id);
    if (plan.rowChanged) await tx.maintenance.update({ where: { id: plan.stored.id }, data: { ...plan.row } });
  }
  const maintenanceUpdates = diff.maintenances.flatMap((plan) =>
    plan.newUpdates.map((u) => ({ maintenanceId: maintenanceIds.get(plan.snapshot.externalId)!, externalId: u.externalId, status: u.status, body: u.body, displayAt: u.at })),
  );
  if (maintenanceUpdates.length > 0) await tx.maintenanceUpdate.createMany({ data: maintenanceUpdates, skipDuplicates: true });

  if (diff.transitions.length === 0) return { events: 0, incidents: diff.incidents.length };
  const created = await tx.event.createMany({
    data: diff.transitions.map((t) => ({
      providerId,
      kind: t.kind,
      incidentId: t.subject?.type === "incident" ? incidentIds.get(t.subject.externalId) : undefined,
      maintenanceId: t.subject?.type === "maintenance" ? maintenanceIds.get(t.subject.externalId) : undefined,
      componentId: t.subject?.type === "component" ? componentIds.get(t.subject.externalId) : undefined,
      fromStatus: t.from ?? null,
      toStatus: t.to ?? null,
      occurredAt: t.at,
      backfill: diff.backfill,
      dedupeKey: t.dedupeKey,
      data: t.data as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return { events: created.count, incidents: diff.incidents.length };
}
