import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { setProviderSignals } from "../outages/signal-sync";
import type { ProviderEntry } from "../sources/types";
import { FORMAT_WATCH_RESET } from "../timeline/format-state";
import { sameJson } from "../util/same-json";

/** Where a provider row came from; start-up treats each differently (README "Watching providers"). */
export const PROVIDER_ORIGINS = ["default", "catalog", "file", "api"] as const;
export type ProviderOrigin = (typeof PROVIDER_ORIGINS)[number];

type Tx = Prisma.TransactionClient;

/** The columns a catalog or file entry sets. Each row carries the kind's options, so the shared scheduler polls from the table alone. */
export function entryColumns(e: ProviderEntry) {
  return {
    name: e.name,
    kind: e.kind,
    url: e.url,
    category: e.category ?? null,
    pollIntervalSeconds: e.pollIntervalSeconds,
    options: (e.options ?? {}) as Prisma.InputJsonValue,
    sla: e.sla ? (e.sla as Prisma.InputJsonValue) : Prisma.DbNull,
    capabilities: e.capabilities ?? [],
    alternatives: e.alternatives ?? [],
  };
}

/**
 * Writes entries as watched rows of `origin`: created, or updated and brought back (enabled, not
 * removed). A changed kind or URL drops the conditional-GET validators and the format watch's
 * state, which belonged to the old documents. Each entry's signals replace the provider's.
 */
export async function upsertEntries(tx: Tx, entries: readonly ProviderEntry[], origin: ProviderOrigin): Promise<void> {
  const existing = new Map(
    (await tx.provider.findMany({ where: { id: { in: entries.map((e) => e.id) } }, select: { id: true, kind: true, url: true } })).map((p) => [p.id, p]),
  );
  for (const e of entries) {
    const data = { ...entryColumns(e), origin, enabled: true, deletedAt: null };
    const prev = existing.get(e.id);
    if (!prev) await tx.provider.create({ data: { id: e.id, ...data } });
    else
      await tx.provider.update({
        where: { id: e.id },
        data: { ...data, ...(prev.kind !== e.kind || prev.url !== e.url ? { httpCache: {}, ...FORMAT_WATCH_RESET } : {}) },
      });
    await setProviderSignals(tx, e.id, e.signals ?? []);
  }
}

/** Instances starting together take turns; the wait must not count as a slow transaction. */
const STARTUP_TX = { timeout: 60_000, maxWait: 30_000 };
const lock = (tx: Tx) => tx.$executeRaw`select pg_advisory_xact_lock(hashtext('statuswatch:catalog'))`;

/**
 * PROVIDERS_FILE at start: its entries are upserted and watched (origin `file`), overriding what
 * the API changed; rows that came from the file and are no longer in it are disabled (history
 * stays). Rows added through the API or picked from the catalog are never touched.
 */
export async function syncCatalog(prisma: PrismaClient, entries: ProviderEntry[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lock(tx);
    await applyFile(tx, entries);
  }, STARTUP_TX);
}

async function applyFile(tx: Tx, entries: readonly ProviderEntry[]): Promise<void> {
  await upsertEntries(tx, entries, "file");
  await tx.provider.updateMany({ where: { origin: "file", id: { notIn: entries.map((e) => e.id) } }, data: { enabled: false } });
}

export const DEFAULTS_MARK = "default-providers";

export interface WatchListPlan {
  /** PROVIDERS_FILE's entries; undefined when there is no file. */
  file?: ProviderEntry[];
  /** The built-in catalog, validated. */
  catalog: readonly ProviderEntry[];
  /** Ids of `catalog` a fresh install watches. */
  defaults: readonly string[];
}

export interface WatchListOutcome {
  /** Ids seeded as the default set (only on the first start of an empty database without a file). */
  seeded: string[];
  /** Rows picked from the catalog whose kind, URL, options or capabilities followed a catalog change. */
  refreshed: string[];
}

/**
 * What start-up does to the providers table, in one transaction under one lock:
 * 1. once per database (setup_marks), an empty table without PROVIDERS_FILE gets the default set;
 *    a table already filled (an upgrade) keeps what it has, and later starts never re-add what was removed;
 * 2. PROVIDERS_FILE is applied (syncCatalog);
 * 3. rows from the catalog follow its page-defining fields (kind, url, options, capabilities,
 *    alternatives); what a user may PATCH (name, category, interval, sla, signals, enabled) stays theirs.
 */
export async function prepareWatchList(prisma: PrismaClient, plan: WatchListPlan): Promise<WatchListOutcome> {
  return prisma.$transaction(async (tx) => {
    await lock(tx);
    let seeded: string[] = [];
    if (!(await tx.setupMark.findUnique({ where: { name: DEFAULTS_MARK } }))) {
      if (!plan.file && (await tx.provider.count()) === 0) {
        const wanted = new Set(plan.defaults);
        const entries = plan.catalog.filter((e) => wanted.has(e.id));
        await upsertEntries(tx, entries, "default");
        seeded = entries.map((e) => e.id);
      }
      await tx.setupMark.create({ data: { name: DEFAULTS_MARK } });
    }
    if (plan.file) await applyFile(tx, plan.file);
    const refreshed = await refreshFromCatalog(tx, plan.catalog);
    return { seeded, refreshed };
  }, STARTUP_TX);
}

async function refreshFromCatalog(tx: Tx, catalog: readonly ProviderEntry[]): Promise<string[]> {
  const byId = new Map(catalog.map((e) => [e.id, e]));
  const rows = await tx.provider.findMany({
    where: { origin: { in: ["default", "catalog"] }, id: { in: [...byId.keys()] } },
    select: { id: true, kind: true, url: true, options: true, capabilities: true, alternatives: true },
  });
  const refreshed: string[] = [];
  for (const row of rows) {
    const e = byId.get(row.id)!;
    const next = {
      kind: e.kind,
      url: e.url,
      options: (e.options ?? {}) as Prisma.InputJsonValue,
      capabilities: e.capabilities ?? [],
      alternatives: e.alternatives ?? [],
    };
    const same =
      row.kind === next.kind &&
      row.url === next.url &&
      sameJson(row.options, next.options) &&
      sameJson(row.capabilities ?? [], next.capabilities) &&
      sameJson(row.alternatives ?? [], next.alternatives);
    if (same) continue;
    await tx.provider.update({
      where: { id: row.id },
      data: { ...next, ...(row.kind !== e.kind || row.url !== e.url ? { httpCache: {}, ...FORMAT_WATCH_RESET } : {}) },
    });
    refreshed.push(row.id);
  }
  return refreshed;
}
