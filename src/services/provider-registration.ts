import type { PrismaClient } from "../generated/prisma/client";
import type { Attempt } from "../sources/detect";
import { detectSource } from "../sources/detect";
import type { HttpFetcher } from "../sources/fetch/http";
import { ingestSnapshot } from "../timeline/ingest";

export interface RegistrationRequest {
  url: string;
  name?: string;
  category?: string;
  id?: string;
}

export type RegistrationResult =
  | {
      ok: true;
      provider: { id: string; name: string; kind: string; url: string; category: string | null; pollIntervalSeconds: number; enabled: boolean; origin: "api" };
      evidence: string;
      counts: { components: number; incidents: number; maintenances: number };
      events: number;
    }
  | { ok: false; reason: "refused" | "undetected" | "id_taken"; detail: string; tried: Attempt[] };

export interface RegistrationDeps {
  prisma: PrismaClient;
  /** Built with `trustPageOrigin: false`: the URL comes from an API client. */
  http: HttpFetcher;
  allowlist?: readonly string[];
  pollIntervalSeconds: number;
  now?: () => Date;
  /** status.io's API origin; tests point it at a local server. */
  statusioApiBase?: string;
}

/** An id from the page's host when the client gives none: `status.acme.com` → `acme-com`. */
export function idFromUrl(url: string): string {
  const host = new URL(url).hostname.replace(/^(?:www|status)\./, "");
  const id = host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return /^[a-z0-9]/.test(id) ? id : `p-${id}`.slice(0, 64);
}

/**
 * Adds a provider by its URL: detects the kind, polls it once, and stores the provider (and that
 * first snapshot, so its incidents show at once) only when the poll succeeded. The row written is
 * the minimal one (id, name, kind, url, category, interval, enabled) the scheduler reads.
 */
export async function registerProvider(deps: RegistrationDeps, req: RegistrationRequest): Promise<RegistrationResult> {
  const now = deps.now ?? (() => new Date());
  const detected = await detectSource(req.url, { http: deps.http, allowlist: deps.allowlist, now: now(), statusioApiBase: deps.statusioApiBase });
  if (!detected.ok) {
    return detected.refused
      ? { ok: false, reason: "refused", detail: detected.refused, tried: detected.tried }
      : { ok: false, reason: "undetected", detail: "no known status-page kind fits this URL", tried: detected.tried };
  }
  const url = detected.url;
  const id = req.id ?? idFromUrl(req.url);
  const name = req.name ?? (new URL(req.url).hostname || id);
  const data = {
    id,
    name,
    kind: detected.kind,
    url,
    category: req.category ?? null,
    pollIntervalSeconds: deps.pollIntervalSeconds,
    enabled: true,
    origin: "api" as const,
  };
  try {
    await deps.prisma.provider.create({ data });
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    const removed = (await deps.prisma.provider.findUnique({ where: { id }, select: { deletedAt: true } }))?.deletedAt;
    const detail = removed
      ? `provider ${id} was removed and keeps its history: choose another id, or purge it first (DELETE /api/v1/providers/${id}?purge=true)`
      : `provider ${id} already exists`;
    return { ok: false, reason: "id_taken", detail, tried: detected.tried };
  }
  try {
    const ingested = await ingestSnapshot(deps.prisma, id, detected.snapshot, {}, now());
    const s = detected.snapshot;
    return {
      ok: true,
      provider: data,
      evidence: detected.evidence,
      counts: { components: s.components.length, incidents: s.incidents.length, maintenances: s.maintenances.length },
      events: ingested.events,
    };
  } catch (err) {
    // The first poll could not be stored: the provider is not kept half-made.
    await deps.prisma.provider.delete({ where: { id } }).catch(() => undefined);
    throw err;
  }
}
