import type { ComponentStatus } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import { worstPerDay } from "../uptime/bars";
import { componentUptime, DOWNTIME_WEIGHT, type StatusChange, windowUptime } from "../uptime/compute";
import { type ProviderBars, unobservedDays } from "../uptime/window";

export type { ProviderBars };

const DAY_MS = 86_400_000;

/** Uptime of components over the last `days` days, from their recorded status history. */
export class UptimeService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Each component's status changes within the window, led by the status it had when the window opened. */
  async histories(ids: number[], from: Date, to: Date, db: Pick<PrismaClient, "$queryRaw"> = this.prisma): Promise<Map<number, StatusChange[]>> {
    const history = new Map<number, StatusChange[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return history;
    const [before, inWindow] = await Promise.all([
      db.$queryRaw<Array<{ component_id: number; to_status: ComponentStatus; at: Date }>>`
        select c.id as component_id, x.to_status::text as to_status, x.at
        from unnest(${ids}::int[]) as c(id)
        cross join lateral (
          -- One index probe per component: a year of history must not be read to find one row.
          select to_status, at from component_status_changes
          where component_id = c.id and at < ${from}
          order by at desc, id desc limit 1
        ) x`,
      // One row per component with its changes as JSON text: with hundreds of components over 90 days,
      // tens of thousands of driver rows cost far more than the query.
      db.$queryRaw<Array<{ component_id: number; changes: string }>>`
        select component_id, json_agg(json_build_array(to_status, (extract(epoch from at) * 1000)::bigint) order by at, id)::text as changes
        from component_status_changes
        where component_id = any(${ids}) and at >= ${from} and at < ${to}
        group by component_id`,
    ]);
    for (const b of before) history.get(b.component_id)!.push({ toStatus: b.to_status, at: b.at });
    for (const c of inWindow) {
      const list = history.get(c.component_id)!;
      for (const [toStatus, at] of JSON.parse(c.changes) as Array<[ComponentStatus, number]>) list.push({ toStatus, at: new Date(at) });
    }
    return history;
  }

  async forProvider(providerId: string, days: number, now = new Date()) {
    const from = new Date(now.getTime() - days * DAY_MS);
    const components = await this.prisma.component.findMany({ where: { providerId }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    const history = await this.histories(
      components.map((c) => c.id),
      from,
      now,
    );
    return {
      providerId,
      from,
      to: now,
      days,
      downtimeWeights: DOWNTIME_WEIGHT,
      components: components.map((c) => ({ name: c.name, group: c.groupName, status: c.status, ...componentUptime(history.get(c.id)!, from, now) })),
    };
  }

  /** Per provider, its least available component's uptime: how bad it got for someone. Null without history. */
  async worstByProvider(providerIds: string[], days: number, now = new Date()): Promise<Map<string, number | null>> {
    const from = new Date(now.getTime() - days * DAY_MS);
    const components = await this.prisma.component.findMany({ where: { providerId: { in: providerIds } }, select: { id: true, providerId: true } });
    const history = await this.histories(
      components.map((c) => c.id),
      from,
      now,
    );
    const worst = new Map<string, number | null>(providerIds.map((id) => [id, null]));
    for (const c of components) {
      const { uptimePercent } = windowUptime(history.get(c.id)!, from, now);
      const prev = worst.get(c.providerId);
      if (uptimePercent !== null && (prev === null || prev === undefined || uptimePercent < prev)) worst.set(c.providerId, uptimePercent);
    }
    return worst;
  }

  /** Each component of a provider with one figure per UTC day of the last `days` (today included). */
  async componentDays(providerId: string, days: number, now = new Date()) {
    const from = alignedStart(days, now);
    const components = await this.prisma.component.findMany({ where: { providerId }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    const history = await this.histories(
      components.map((c) => c.id),
      from,
      now,
    );
    return components.map((c) => ({ id: c.id, name: c.name, group: c.groupName, status: c.status, ...componentUptime(history.get(c.id)!, from, now) }));
  }

  /**
   * Per provider, one bar per UTC day of the last `days` (worst component status, lowest uptime) and
   * the least available component's uptime with how long it was observed.
   */
  async barsByProvider(providerIds: string[], days: number, now = new Date()): Promise<Map<string, ProviderBars>> {
    const from = alignedStart(days, now);
    const components = await this.prisma.component.findMany({ where: { providerId: { in: providerIds } }, select: { id: true, providerId: true } });
    const history = await this.histories(
      components.map((c) => c.id),
      from,
      now,
    );
    const byProvider = new Map<string, Array<ReturnType<typeof componentUptime>>>();
    for (const c of components) {
      const list = byProvider.get(c.providerId) ?? [];
      list.push(componentUptime(history.get(c.id)!, from, now));
      byProvider.set(c.providerId, list);
    }
    const out = new Map<string, ProviderBars>();
    for (const id of providerIds) {
      const list = byProvider.get(id) ?? [];
      const worst = list
        .filter((u) => u.uptimePercent !== null)
        .sort((a, b) => a.uptimePercent! - b.uptimePercent! || b.observedSeconds - a.observedSeconds)[0];
      out.set(id, {
        runs: [list.length ? worstPerDay(list.map((u) => u.daily)) : unobservedDays(from, now)],
        uptimePercent: worst?.uptimePercent ?? null,
        observedSeconds: worst?.observedSeconds ?? 0,
      });
    }
    return out;
  }
}

/** Midnight UTC `days - 1` days ago: the window holds exactly `days` calendar days, today last. */
export function alignedStart(days: number, now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);
}
