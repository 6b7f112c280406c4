import { builtinCatalog } from "../../src/catalog/pick-list";
import { syncCatalog } from "../../src/catalog/sync";
import type { Db } from "../../src/db/database";
import type { SnapshotComponent, SnapshotIncident } from "../../src/domain/snapshot";
import { ingestSnapshot } from "../../src/timeline/ingest";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COMPONENTS: Array<[string, string]> = [
  ["api", "API"],
  ["web", "Dashboard"],
  ["hooks", "Webhooks"],
];

const parts = (statuses: Partial<Record<string, SnapshotComponent["status"]>> = {}): SnapshotComponent[] =>
  COMPONENTS.map(([externalId, name]) => ({ externalId, name, status: statuses[name] ?? "operational" }));

function incident(id: string, title: string, status: SnapshotIncident["status"], startedAt: Date, components: string[], resolvedAt?: Date): SnapshotIncident {
  const updates: SnapshotIncident["updates"] = [
    {
      externalId: `${id}-1`,
      status: "investigating",
      body: "We are investigating reports of errors and will post an update shortly.",
      at: startedAt,
      components: [],
    },
  ];
  if (status !== "investigating")
    updates.push({
      externalId: `${id}-2`,
      status,
      body: status === "resolved" ? "This incident has been resolved." : "The cause has been identified and a fix is being rolled out.",
      at: resolvedAt ?? new Date(startedAt.getTime() + 20 * 60_000),
      components: [],
    });
  return { externalId: id, title, status, impact: "minor", startedAt, resolvedAt, components, updates };
}

/**
 * 300 real providers from the built-in catalog, watched for 30 to 90 days, with the ordinary life of
 * status pages: a few short degradations per quarter, two incidents open now, one resolved this
 * morning, a maintenance in progress and one next week, and one page that does not answer. Benign
 * text only: the picture README shows is made from it.
 */
export async function seedRealisticDashboard(prisma: Db, now = new Date(), count = 300): Promise<{ ids: string[] }> {
  const featured = ["openai", "github", "twilio", "heroku", "mongodb", "ngrok"];
  const catalog = builtinCatalog(60).entries;
  const picked = [...catalog.filter((e) => featured.includes(e.id)), ...catalog.filter((e) => !featured.includes(e.id))].slice(0, count);
  await syncCatalog(prisma, picked);
  const ids = picked.map((e) => e.id);
  const rest = ids.filter((id) => !featured.includes(id));
  const ago = (ms: number) => new Date(now.getTime() - ms);
  // Everyone else in bulk: three components each, watched from a day between 30 and 90 days ago.
  await prisma.$executeRawUnsafe(
    `INSERT INTO components (provider_id, external_id, name, status, updated_at)
     SELECT p, c.ext, c.name, 'operational', $2 FROM unnest($1::text[]) p, (VALUES ${COMPONENTS.map(([e, n]) => `('${e}', '${n}')`).join(", ")}) c(ext, name)`,
    rest,
    now,
  );
  await prisma.$executeRawUnsafe(
    `WITH c AS (SELECT id, 30 + abs(hashtext(provider_id)) % 61 AS watched FROM components WHERE provider_id = ANY($1::text[])),
          bumps AS (
            SELECT c.id, d, (CASE WHEN abs(hashtext(c.id || ':' || d)) % 4 = 0 THEN 'partial_outage' ELSE 'degraded_performance' END) AS bad,
                   date_trunc('day', $2::timestamptz) - (d || ' days')::interval + ((8 + abs(hashtext(c.id || '/' || d)) % 10) || ' hours')::interval AS at,
                   ((20 + abs(hashtext(c.id || '+' || d)) % 100) || ' minutes')::interval AS lasting
              FROM c, generate_series(2, 89) d WHERE d < c.watched AND abs(hashtext(c.id || ':' || d)) % 120 = 0)
     INSERT INTO component_status_changes (component_id, from_status, to_status, at)
     SELECT id, NULL::"ComponentStatus", 'operational'::"ComponentStatus", $2::timestamptz - (watched || ' days')::interval FROM c
     UNION ALL SELECT id, 'operational', bad::"ComponentStatus", at FROM bumps
     UNION ALL SELECT id, bad::"ComponentStatus", 'operational', at + lasting FROM bumps`,
    rest,
    now,
  );
  await prisma.provider.updateMany({
    where: { id: { in: rest } },
    data: { status: "operational", statusDescription: "All Systems Operational", lastSuccessAt: now, lastPolledAt: now },
  });

  const calm = { status: "operational" as const, statusDescription: "All Systems Operational", components: parts(), incidents: [], maintenances: [] };
  for (const id of featured) await ingestSnapshot(prisma, id, calm, {}, ago(75 * DAY));
  const openaiStart = ago(40 * 60_000);
  await ingestSnapshot(
    prisma,
    "openai",
    {
      status: "partial_outage",
      statusDescription: "Partial System Outage",
      components: parts({ API: "partial_outage" }),
      incidents: [incident("oa-1", "Elevated error rates for API requests", "investigating", openaiStart, ["API"])],
      maintenances: [],
    },
    {},
    openaiStart,
  );
  const githubStart = ago(95 * 60_000);
  await ingestSnapshot(
    prisma,
    "github",
    {
      status: "degraded_performance",
      statusDescription: "Minor Service Outage",
      components: parts({ Webhooks: "degraded_performance" }),
      incidents: [incident("gh-1", "Delayed webhook deliveries", "identified", githubStart, ["Webhooks"])],
      maintenances: [],
    },
    {},
    githubStart,
  );
  const twilioStart = ago(7 * HOUR);
  await ingestSnapshot(
    prisma,
    "twilio",
    {
      status: "partial_outage",
      statusDescription: "Partial System Outage",
      components: parts({ API: "partial_outage" }),
      incidents: [incident("tw-1", "SMS delivery delays to some carriers", "investigating", twilioStart, ["API"])],
      maintenances: [],
    },
    {},
    twilioStart,
  );
  await ingestSnapshot(
    prisma,
    "twilio",
    { ...calm, incidents: [incident("tw-1", "SMS delivery delays to some carriers", "resolved", twilioStart, ["API"], ago(5 * HOUR))] },
    {},
    ago(5 * HOUR),
  );
  const maintenance = (id: string, title: string, status: "in_progress" | "scheduled", from: Date, hours: number) => ({
    externalId: id,
    title,
    status,
    impact: "minor" as const,
    scheduledFor: from,
    scheduledUntil: new Date(from.getTime() + hours * HOUR),
    components: ["Dashboard"],
    updates: [{ externalId: `${id}-1`, status: "scheduled" as const, body: "This maintenance is scheduled; no downtime is expected.", at: ago(3 * DAY) }],
  });
  await ingestSnapshot(
    prisma,
    "heroku",
    {
      status: "under_maintenance",
      statusDescription: "Service Under Maintenance",
      components: parts({ Dashboard: "under_maintenance" }),
      incidents: [],
      maintenances: [maintenance("hk-m1", "Scheduled database maintenance", "in_progress", ago(HOUR), 2)],
    },
    {},
    ago(HOUR),
  );
  await ingestSnapshot(
    prisma,
    "mongodb",
    { ...calm, maintenances: [maintenance("mdb-m1", "Planned network upgrade in eu-west-1", "scheduled", new Date(now.getTime() + 3 * DAY), 4)] },
    {},
    ago(2 * HOUR),
  );
  await prisma.provider.updateMany({ where: { id: { in: featured } }, data: { lastSuccessAt: now, lastPolledAt: now } });
  await prisma.provider.update({
    where: { id: "ngrok" },
    data: { consecutiveFailures: 3, unreachableSince: ago(25 * 60_000), lastError: "timeout: no answer within 10000 ms" },
  });
  return { ids };
}
