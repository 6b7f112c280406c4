import { queryRows } from "../db/pool";
import type { ComponentStatus, Impact, IncidentStatus } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import { UptimeService } from "../services/uptime";
import type { OpenIncident, ProviderHealth, SourceHealth } from "./rank";

interface ProviderRow {
  id: string;
  name: string;
  status: ComponentStatus | null;
  capabilities: string[];
  alternatives: string[];
  last_success_at: Date | null;
  consecutive_failures: number;
  unreachable_since: Date | null;
}

/**
 * Every enabled provider's present health in three indexed reads (providers, open incidents, open
 * suspected episodes). uptime30d comes from `uptime`, computed less often (see FailoverState).
 */
export async function loadHealth(prisma: PrismaClient, uptime: ReadonlyMap<string, number | null>): Promise<ProviderHealth[]> {
  const [providers, incidents, episodes] = await Promise.all([
    queryRows<ProviderRow>(
      prisma,
      `select id, name, status::text as status, capabilities, alternatives, last_success_at, consecutive_failures, unreachable_since
       from providers where enabled order by id`,
    ),
    queryRows<{ id: number; provider_id: string; title: string; impact: Impact; status: IncidentStatus; started_at: Date }>(
      prisma,
      `select i.id, i.provider_id, i.title, i.impact::text as impact, i.status::text as status, i.started_at
       from incidents i join providers p on p.id = i.provider_id and p.enabled
       where i.status not in ('resolved', 'postmortem') order by i.started_at, i.id`,
    ),
    queryRows<{ provider_id: string; suspected_at: Date; confidence: number }>(
      prisma,
      `select distinct on (provider_id) provider_id, suspected_at, confidence
       from outage_episodes where ended_at is null and state = 'suspected' order by provider_id, suspected_at desc`,
    ),
  ]);
  const open = new Map<string, OpenIncident[]>();
  for (const i of incidents) {
    const list = open.get(i.provider_id) ?? [];
    list.push({ id: i.id, title: i.title, impact: i.impact, status: i.status, startedAt: i.started_at });
    open.set(i.provider_id, list);
  }
  const suspected = new Map(episodes.map((e) => [e.provider_id, { since: e.suspected_at, confidence: e.confidence }]));
  return providers.map((p) => ({
    id: p.id,
    name: p.name,
    capabilities: p.capabilities,
    alternatives: p.alternatives,
    status: p.status,
    source: sourceHealth(p),
    unreachableSince: p.unreachable_since,
    openIncidents: open.get(p.id) ?? [],
    suspected: suspected.get(p.id) ?? null,
    uptime30d: uptime.get(p.id) ?? null,
  }));
}

/** The same words as the provider API's sourceHealth. */
function sourceHealth(p: ProviderRow): SourceHealth {
  return p.unreachable_since ? "unreachable" : p.consecutive_failures > 0 ? "failing" : p.last_success_at ? "ok" : "pending";
}

/** Per enabled provider, its least available component's uptime over 30 days (as the dashboard shows it). */
export async function loadUptime30d(prisma: PrismaClient, now = new Date()): Promise<Map<string, number | null>> {
  const ids = (await queryRows<{ id: string }>(prisma, "select id from providers where enabled")).map((r) => r.id);
  return new UptimeService(prisma).worstByProvider(ids, 30, now);
}
