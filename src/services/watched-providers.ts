import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { upsertEntries } from "../catalog/sync";
import { setProviderSignals } from "../outages/signal-sync";
import type { SlaTerms } from "../sla/terms";
import type { ProviderEntry, SignalEntry } from "../sources/types";

export interface ProviderPatch {
  enabled?: boolean;
  pollIntervalSeconds?: number;
  name?: string;
  category?: string | null;
  sla?: SlaTerms | null;
  signals?: SignalEntry[];
}

export type PickResult = { kind: "created" | "restored"; id: string } | { kind: "unknown" } | { kind: "taken"; enabled: boolean };
export type RemoveResult = "removed" | "purged" | "not_found" | "from_file";

/**
 * Changes to what is watched, written to the providers table only: every instance's scheduler and
 * signal poller claim from that table, so a change takes effect at their next tick.
 */
export class WatchedProviders {
  constructor(
    private readonly prisma: PrismaClient,
    /** The built-in catalog, validated. */
    private readonly catalog: () => readonly ProviderEntry[],
    /** Ids PROVIDERS_FILE lists: it re-adds them at every start, so removing one here would not last. */
    private readonly fileIds: ReadonlySet<string> = new Set(),
  ) {}

  /** Starts watching a catalog entry; a removed one comes back with its history. */
  async pick(catalogId: string, pollIntervalSeconds?: number): Promise<PickResult> {
    const found = this.catalog().find((e) => e.id === catalogId);
    if (!found) return { kind: "unknown" };
    const entry = pollIntervalSeconds ? { ...found, pollIntervalSeconds } : found;
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.provider.findUnique({ where: { id: entry.id }, select: { enabled: true, deletedAt: true } });
        if (row && !row.deletedAt) return { kind: "taken", enabled: row.enabled } as const;
        await upsertEntries(tx, [entry], "catalog");
        await tx.provider.update({ where: { id: entry.id }, data: { nextPollAt: new Date(), leaseExpiresAt: null } });
        return { kind: row ? "restored" : "created", id: entry.id } as const;
      });
    } catch (err) {
      // Two clients picking the same entry at once: the second finds it taken.
      if ((err as { code?: string }).code === "P2002") return { kind: "taken", enabled: true };
      throw err;
    }
  }

  /** False when there is no such provider (or it was removed). */
  async update(id: string, patch: ProviderPatch): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.provider.findFirst({ where: { id, deletedAt: null } });
      if (!row) return false;
      const now = new Date();
      const data: Prisma.ProviderUpdateInput = {};
      if (patch.name !== undefined) data.name = patch.name;
      if (patch.category !== undefined) data.category = patch.category;
      if (patch.sla !== undefined) data.sla = patch.sla === null ? Prisma.DbNull : (patch.sla as Prisma.InputJsonValue);
      let next = row.nextPollAt;
      if (patch.pollIntervalSeconds !== undefined) {
        data.pollIntervalSeconds = patch.pollIntervalSeconds;
        // A shorter interval counts from the last poll, not from the due time the longer one set.
        const sooner = new Date((row.lastPolledAt ?? now).getTime() + patch.pollIntervalSeconds * 1000);
        if (sooner < next) next = sooner;
      }
      if (patch.enabled !== undefined) {
        data.enabled = patch.enabled;
        if (patch.enabled && !row.enabled) next = now;
      }
      if (next < row.nextPollAt) Object.assign(data, { nextPollAt: next, leaseExpiresAt: null });
      await tx.provider.update({ where: { id }, data });
      if (patch.signals) await setProviderSignals(tx, id, patch.signals);
      return true;
    });
  }

  /** Removal keeps the history (the row is marked, neither polled nor listed); `purge` deletes the provider and its timeline. */
  async remove(id: string, purge: boolean): Promise<RemoveResult> {
    const row = await this.prisma.provider.findUnique({ where: { id }, select: { deletedAt: true } });
    if (!row || (row.deletedAt && !purge)) return "not_found";
    if (this.fileIds.has(id)) return "from_file";
    if (purge) {
      // Components, incidents, events, deliveries, signals and episodes go with it (on delete cascade).
      const gone = await this.prisma.provider.deleteMany({ where: { id } });
      return gone.count > 0 ? "purged" : "not_found";
    }
    await this.prisma.provider.update({ where: { id }, data: { deletedAt: new Date(), enabled: false, leaseExpiresAt: null } });
    return "removed";
  }

  /** Ids of providers watched now (enabled, not removed), for the catalog's `watched` flag. */
  async watchedIds(): Promise<Set<string>> {
    const rows = await this.prisma.provider.findMany({ where: { enabled: true, deletedAt: null }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }
}
