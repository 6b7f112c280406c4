import { syncCatalog } from "../../src/catalog/sync";
import type { Db } from "../../src/db/database";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { incident, snapshot } from "./notify";
import { entry } from "./providers";

export const HOSTILE = `Errors <img src=x onerror="alert(1)"> & <script>alert(2)</script>`;
const DAY = 86_400_000;

/** The UTC date `n` days before today, YYYY-MM-DD. */
export function daysAgo(n: number, now = new Date()): string {
  return new Date(Math.floor(now.getTime() / DAY) * DAY - n * DAY).toISOString().slice(0, 10);
}

/**
 * A dashboard worth looking at: Acme (hostile strings, an open incident, a maintenance in progress
 * and one in two days), Calm (a two-hour major outage three days ago), Dead (a source that fails).
 */
export async function seedDashboard(prisma: Db, now = new Date()): Promise<void> {
  await syncCatalog(prisma, [
    { ...entry("acme", "statuspage", "https://status.acme.test"), name: "Acme <b>Cloud</b>", category: "cloud" },
    { ...entry("calm", "statuspage", "https://status.calm.test"), name: "Calm AI", category: "ai" },
    { ...entry("dead", "statuspage", "https://status.dead.test"), name: "Dead Corp", category: "cloud" },
  ]);
  const t = new Date("2026-11-20T10:00:00Z");
  await ingestSnapshot(prisma, "acme", snapshot({ status: "operational" }), {}, t);
  await ingestSnapshot(prisma, "calm", snapshot({ status: "operational" }), {}, t);
  const soon = new Date(now.getTime() + 2 * DAY);
  await ingestSnapshot(
    prisma,
    "acme",
    snapshot({
      status: "partial_outage",
      statusDescription: "Partial <i>System</i> Outage",
      components: [
        { externalId: "api", name: "API", status: "partial_outage" },
        { externalId: "dash", name: "Dashboard", status: "operational" },
      ],
      incidents: [incident("identified", 10, { title: HOSTILE, url: "javascript:alert(3)", components: ["API", "Dashboard", "API"] })],
      maintenances: [
        {
          externalId: "m1",
          title: "Database <upgrade>",
          status: "in_progress",
          impact: "none",
          url: "https://status.acme.test/incidents/m1",
          scheduledFor: new Date("2026-11-21T01:00:00Z"),
          scheduledUntil: new Date("2026-11-21T03:00:00Z"),
          components: ["API"],
          updates: [
            { externalId: "mu2", status: "in_progress", body: "<p>Started <script>x()</script>now</p>", at: new Date("2026-11-20T10:05:00Z") },
            { externalId: "mu1", status: "scheduled", body: "<p>Planned &amp; announced</p>", at: new Date("2026-11-19T09:00:00Z") },
          ],
        },
        {
          externalId: "m2",
          title: "Network; move, with\r\nEND:VEVENT <b>",
          status: "scheduled",
          impact: "minor",
          url: "https://status.acme.test/incidents/m2",
          scheduledFor: soon,
          scheduledUntil: new Date(soon.getTime() + 3_600_000),
          components: ["Dashboard"],
          updates: [],
        },
      ],
    }),
    {},
    new Date("2026-11-20T10:15:00Z"),
  );
  await prisma.provider.updateMany({ where: { id: { in: ["acme", "calm"] } }, data: { lastSuccessAt: now, lastPolledAt: now } });
  await prisma.provider.update({
    where: { id: "dead" },
    data: { lastPolledAt: now, consecutiveFailures: 5, unreachableSince: new Date(now.getTime() - 3_600_000), lastError: "timeout: no answer within 10000 ms" },
  });
  // Calm's API: a two-hour major outage three days ago.
  const api = await prisma.component.findFirstOrThrow({ where: { providerId: "calm", name: "API" } });
  const day = Date.parse(`${daysAgo(3, now)}T00:00:00Z`);
  await prisma.componentStatusChange.createMany({
    data: [
      { componentId: api.id, fromStatus: "operational", toStatus: "major_outage", at: new Date(day + 10 * 3_600_000) },
      { componentId: api.id, fromStatus: "major_outage", toStatus: "operational", at: new Date(day + 12 * 3_600_000) },
    ],
  });
}
