import type { ComponentStatus } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import { componentUptime, DOWNTIME_WEIGHT, type StatusChange } from "../uptime/compute";

/** Uptime of every component of a provider over the last `days` days, from its recorded history. */
export class UptimeService {
  constructor(private readonly prisma: PrismaClient) {}

  async forProvider(providerId: string, days: number, now = new Date()) {
    const to = now;
    const from = new Date(now.getTime() - days * 86_400_000);
    const components = await this.prisma.component.findMany({ where: { providerId }, orderBy: [{ groupName: "asc" }, { name: "asc" }] });
    const ids = components.map((c) => c.id);
    const [inWindow, before] = await Promise.all([
      this.prisma.componentStatusChange.findMany({ where: { componentId: { in: ids }, at: { gte: from, lt: to } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
      // The status each component had when the window opened.
      ids.length === 0
        ? Promise.resolve([])
        : this.prisma.$queryRaw<Array<{ component_id: number; to_status: ComponentStatus; at: Date }>>`
            select distinct on (component_id) component_id, to_status::text as to_status, at
            from component_status_changes
            where component_id = any(${ids}) and at < ${from}
            order by component_id, at desc, id desc`,
    ]);
    const history = new Map<number, StatusChange[]>(ids.map((id) => [id, []]));
    for (const b of before) history.get(b.component_id)!.push({ toStatus: b.to_status, at: b.at });
    for (const c of inWindow) history.get(c.componentId)!.push({ toStatus: c.toStatus, at: c.at });
    return {
      providerId,
      from,
      to,
      days,
      downtimeWeights: DOWNTIME_WEIGHT,
      components: components.map((c) => ({ name: c.name, group: c.groupName, status: c.status, ...componentUptime(history.get(c.id)!, from, to) })),
    };
  }
}
