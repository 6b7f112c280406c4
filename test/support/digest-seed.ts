import type { PrismaClient } from "../../src/generated/prisma/client";

const H = 3600_000;
const at = (base: Date, hours: number) => new Date(base.getTime() + hours * H);

export const LONG_TITLE = `Degraded_${"x".repeat(140)}_throughput`;

/**
 * Three providers around one digest period: Acme (with SLA terms, component history, incidents
 * before, inside, overlapping and after the period, and an early warning), Beta (an incident open
 * since before the period) and Calm (nothing). Returns the incidents a digest of the period must list.
 */
export async function seedDigestWorld(prisma: PrismaClient, period: { start: Date; end: Date }) {
  const { start, end } = period;
  await prisma.provider.create({
    data: {
      id: "acme",
      name: "Acme <Cloud>",
      kind: "statuspage",
      url: "https://status.acme.test",
      sla: { monthlyPercent: 99.9, credits: [{ below: 99.9, creditPercent: 10 }], source: "https://acme.test/sla" },
    },
  });
  await prisma.provider.create({ data: { id: "beta", name: "Beta", kind: "statuspage", url: "https://status.beta.test" } });
  await prisma.provider.create({ data: { id: "calm", name: "Calm", kind: "statuspage", url: "https://status.calm.test" } });
  const api = await prisma.component.create({ data: { providerId: "acme", externalId: "api", name: "API", status: "operational", updatedAt: start } });
  await prisma.componentStatusChange.createMany({
    data: [
      { componentId: api.id, toStatus: "operational", at: at(start, -40 * 24) },
      { componentId: api.id, fromStatus: "operational", toStatus: "major_outage", at: at(start, 2) },
      { componentId: api.id, fromStatus: "major_outage", toStatus: "operational", at: at(start, 4) },
    ],
  });
  const incident = (providerId: string, externalId: string, title: string, impact: "minor" | "major" | "critical", from: Date, to: Date | null) =>
    prisma.incident.create({
      data: {
        providerId,
        externalId,
        title,
        impact,
        status: to ? "resolved" : "investigating",
        url: `https://status.${providerId}.test/incidents/${externalId}`,
        startedAt: from,
        resolvedAt: to,
      },
    });
  await incident("acme", "before", "Yesterday's blip", "major", at(start, -5), at(start, -4));
  const errors = await incident("acme", "errors", "Elevated errors <b>on</b> API & console", "major", at(start, 2), at(start, 4));
  const overlapping = await incident("acme", "slow", LONG_TITLE, "minor", at(start, 6), at(end, 1));
  await incident("acme", "after", "Tomorrow's trouble", "major", at(end, 0.5), null);
  const open = await incident("beta", "outage", "Beta is down", "critical", at(start, -48), null);
  await prisma.outageEpisode.create({
    data: {
      providerId: "acme",
      state: "confirmed",
      suspectedAt: at(start, 1.8),
      openedAt: at(start, 1.8),
      lastAbnormalAt: at(start, 2.5),
      confirmedAt: at(start, 2),
      acknowledgedAt: at(start, 2),
      endedAt: at(start, 4),
      leadSeconds: 720,
      incidentId: errors.id,
    },
  });
  return { inPeriod: [errors, overlapping, open], stillOpen: [overlapping, open], excluded: ["Yesterday's blip", "Tomorrow's trouble"] };
}
