import pino from "pino";
import { syncCatalog } from "../../src/catalog/sync";
import type { Db } from "../../src/db/database";
import type { PollDeps } from "../../src/poller/poll-provider";
import type { NetClient } from "../../src/net";
import { HttpFetcher, type HttpOptions } from "../../src/sources/fetch/http";
import type { ProviderEntry } from "../../src/sources/types";

export function entry<O = object>(id: string, kind: string, url: string, options: O = {} as O): ProviderEntry<O> {
  return { id, name: id.toUpperCase(), kind, url, pollIntervalSeconds: 60, options };
}

/** `net` lets a test resolve names its own way (see fakeDns). */
export function testHttp(overrides: Partial<HttpOptions> = {}, net?: NetClient): HttpFetcher {
  return new HttpFetcher({ timeoutMs: 2000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 10, userAgent: "statuswatch-test", ...overrides }, net);
}

export async function pollDeps(prisma: Db, entries: ProviderEntry[], http = testHttp()): Promise<PollDeps> {
  await syncCatalog(prisma, entries);
  return { prisma, http, failureThreshold: 3, log: pino({ level: "silent" }) };
}

/** Row counts of everything the timeline holds (source health events aside), to prove a poll wrote nothing. */
export async function timelineCounts(prisma: Db) {
  const [incidents, updates, events, components, maintenances, history] = await Promise.all([
    prisma.incident.count(),
    prisma.incidentUpdate.count(),
    prisma.event.count({ where: { kind: { notIn: ["source_unreachable", "source_recovered", "source_format_changed", "source_format_recovered"] } } }),
    prisma.component.count(),
    prisma.maintenance.count(),
    prisma.componentStatusChange.count(),
  ]);
  return { incidents, updates, events, components, maintenances, history };
}
