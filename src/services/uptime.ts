import type { ComponentStatus } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import { componentUptime, DOWNTIME_WEIGHT, type StatusChange, windowUptime } from "../uptime/compute";

const DAY_MS = 86_400_000;

/** Uptime of components over the last `days` days, from their recorded status history. */
export class UptimeService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Each component's status changes within the window, led by the status it had when the window opened. */
  async histories(ids: number[], from: Date, to: Date): Promise<Map<number, StatusChange[]>> {
    const history = new Map<number, StatusChange[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return history;
    const [before, inWindow] = await Promise.all([
      this.prisma.$queryRaw<Array<{ component_id: number; to_status: ComponentStatus; at: Date }>>`
        select distinct on (component_id) component_id, to_status::text as to_status, at
        from component_status_changes
        where component_id = any(${ids}) and at < ${from}
        order by component_id, at desc, id desc`,
      this.prisma.componentStatusChange.findMany({ where: { componentId: { in: ids }, at: { gte: from, lt: to } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    ]);
    for (const b of before) history.get(b.component_id)!.push({ toStatus: b.to_status, at: b.at });
    for (const c of inWindow) history.get(c.componentId)!.push({ toStatus: c.toStatus, at: c.at });
    return history;
  }

  async forProvider(providerId: string, days: number, now = new Date()) {
    const from = new Date(now.getTime() - days * DAY_MS);
    const components = await this.prisma.component.findMany({ where: { providerId }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    const history = await this.histories(components.map((c) => c.id), from, now);
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
    const history = await this.histories(components.map((c) => c.id), from, now);
    const worst = new Map<string, number | null>(providerIds.map((id) => [id, null]));
    for (const c of components) {
      const { uptimePercent } = windowUptime(history.get(c.id)!, from, now);
      const prev = worst.get(c.providerId);
      if (uptimePercent !== null && (prev === null || prev === undefined || uptimePercent < prev)) worst.set(c.providerId, uptimePercent);
    }
    return worst;
  }
}
