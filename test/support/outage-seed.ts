import { loadConfig } from "../../src/config";
import type { Snapshot, SnapshotIncident } from "../../src/domain/snapshot";
import type { PrismaClient } from "../../src/generated/prisma/client";
import { evaluateProvider } from "../../src/outages/episodes";
import { storePoints } from "../../src/outages/signal-poller";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { HOSTILE } from "./dashboard-seed";
import { API_KEY } from "./notify";

export { HOSTILE };
export const HOSTILE_PROVIDER = `Acme <b>Cloud</b> & "Co"`;
export const HOSTILE_COMPONENT = `API <img src=x onerror="alert(5)">`;
export const HOSTILE_PROBE = `HTTP 503 <script>alert(6)</script>`;
export const HOSTILE_UPDATE = `<p>We are <b>investigating</b> <script>alert(7)</script>&amp; errors</p>`;

const MIN = 60_000;
/** The confirmed outage's first elevated crowd point. */
export const T0 = Date.parse("2026-11-30T09:00:00Z");
export const at = (min: number) => new Date(T0 + min * MIN);
const cfg = loadConfig({ API_KEY }).outages;

/** Crowd reports every 5 min from 09:00 − 60 min: quiet (baseline 2), a spike from 09:00 to 09:20, quiet again. */
const CROWD: Array<[number, number]> = [
  ...Array.from({ length: 12 }, (_, i): [number, number] => [-60 + i * 5, i % 3 === 0 ? 3 : 2]),
  [0, 40],
  [5, 160],
  [10, 220],
  [15, 130],
  [20, 60],
  ...Array.from({ length: 23 }, (_, i): [number, number] => [25 + i * 5, 2]),
];

function page(minute: number, incidentStatus?: SnapshotIncident["status"]): Snapshot {
  const updates: SnapshotIncident["updates"] = [
    { externalId: "u1", status: "investigating", body: HOSTILE_UPDATE, at: at(30), components: [{ name: "API" }] },
    { externalId: "u2", status: "identified", label: "Identified <fix>", body: "A bad deploy; rolling back.", at: at(60), components: [{ name: "API" }] },
  ];
  if (incidentStatus === "resolved")
    updates.push({ externalId: "u3", status: "resolved", body: "<p>All good now.</p>", at: at(100), components: [{ name: "API" }] });
  return {
    status: incidentStatus && incidentStatus !== "resolved" ? "partial_outage" : "operational",
    components: [
      {
        externalId: "api",
        name: "API",
        status: incidentStatus && incidentStatus !== "resolved" ? "partial_outage" : minute >= 10 && minute < 20 ? "degraded_performance" : "operational",
      },
      { externalId: "web", name: "Web", status: "operational" },
    ],
    incidents: incidentStatus
      ? [
          {
            externalId: "inc1",
            title: HOSTILE,
            status: incidentStatus,
            impact: "major",
            url: "https://status.acme.test/incidents/inc1",
            startedAt: at(30),
            ...(incidentStatus === "resolved" ? { resolvedAt: at(100) } : {}),
            components: ["API"],
            updates,
          },
        ]
      : [],
    maintenances: [],
  };
}

/**
 * Outages written the way the running service writes them, plus a few stored directly:
 * - acme: a crowd spike at 09:00 the page admitted at 09:30 (through ingest, so the episode is confirmed by
 *   its incident), resolved at 10:40; probes failing, two of the team's reports, one "not affected" vote;
 * - calm: one suspected now with no incident, one false alarm, one never acknowledged;
 * - bulk: 30 old false alarms, for paging.
 */
export async function seedOutages(prisma: PrismaClient, now = new Date()) {
  for (const [id, name] of [
    ["acme", HOSTILE_PROVIDER],
    ["calm", "Calm AI"],
    ["bulk", "Bulk Co"],
  ] as const) {
    await prisma.provider.create({ data: { id, name, kind: "statuspage", url: `https://status.${id}.test` } });
  }
  const crowd = await prisma.signalSource.create({ data: { providerId: "acme", key: "reports-json c", kind: "reports-json", url: "https://crowd.test/acme" } });
  const probe = await prisma.signalSource.create({ data: { providerId: "acme", key: "probe p", kind: "probe", url: "https://api.acme.test/" } });
  await ingestSnapshot(prisma, "acme", page(-120), {}, at(-120));
  const reports = [
    { providerId: "acme", reporter: "alice", via: "api", counted: true, at: at(4), symptom: "errors", component: HOSTILE_COMPONENT },
    { providerId: "acme", reporter: "bob", via: "link", counted: true, at: at(12), symptom: "slow" },
    { providerId: "acme", reporter: "carol", via: "link", counted: true, affected: false, at: at(14) },
  ];
  // Fed in time order, as the pollers would: the judge's clock is the newest observation.
  for (const [minute, count] of CROWD) {
    for (const r of reports.filter((r) => r.at.getTime() <= at(minute).getTime() && r.at.getTime() > at(minute - 5).getTime()))
      await prisma.userReport.create({ data: r });
    if (minute >= -30 && minute <= 80 && minute % 10 === 0) {
      const failing = minute >= 0 && minute <= 20;
      await storePoints(prisma, probe.id, [{ at: at(minute), ok: !failing, detail: failing ? HOSTILE_PROBE : "200 in 80 ms" }]);
    }
    await storePoints(prisma, crowd.id, [{ at: at(minute), reports: count, baseline: 2 }]);
    if (minute >= 10 && minute <= 20) await ingestSnapshot(prisma, "acme", page(minute), {}, at(minute));
    if (minute === 30) await ingestSnapshot(prisma, "acme", page(30, "investigating"), {}, at(31));
    if (minute === 60) await ingestSnapshot(prisma, "acme", page(60, "identified"), {}, at(61));
    if (minute === 100) await ingestSnapshot(prisma, "acme", page(100, "resolved"), {}, at(101));
    await evaluateProvider(prisma, "acme", cfg, at(600));
  }
  const confirmed = await prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "acme" } });

  const reason = (signal: string, text: string, when: Date) => [{ signal, text, at: when.toISOString(), score: 0.7, fired: true }];
  const ago = (min: number) => new Date(now.getTime() - min * MIN);
  await prisma.userReport.createMany({
    data: ["a", "b", "c"].map((r, i) => ({ providerId: "calm", reporter: r, via: "api", counted: true, at: ago(22 - i), symptom: "down", component: "Chat" })),
  });
  const suspected = await prisma.outageEpisode.create({
    data: {
      providerId: "calm",
      state: "suspected",
      suspectedAt: ago(20),
      openedAt: ago(19),
      lastAbnormalAt: ago(1),
      confidence: 0.7,
      peakConfidence: 0.7,
      reasons: reason("reports", `3 of your people reported a problem in the last 10 min (down ×3); components: Chat <b>`, ago(20)),
    },
  });
  const falseAlarm = await prisma.outageEpisode.create({
    data: {
      providerId: "calm",
      state: "false_alarm",
      suspectedAt: at(-3 * 24 * 60),
      openedAt: at(-3 * 24 * 60 + 2),
      lastAbnormalAt: at(-3 * 24 * 60 + 10),
      endedAt: at(-3 * 24 * 60 + 40),
      confidence: 0.55,
      peakConfidence: 0.55,
      reasons: reason("crowd", "14 reports in 5 min, usually 3", at(-3 * 24 * 60)),
    },
  });
  const unacknowledged = await prisma.outageEpisode.create({
    data: {
      providerId: "calm",
      state: "unacknowledged",
      suspectedAt: at(-2 * 24 * 60),
      openedAt: at(-2 * 24 * 60 + 1),
      lastAbnormalAt: at(-2 * 24 * 60 + 50),
      endedAt: at(-2 * 24 * 60 + 80),
      confidence: 0.9,
      peakConfidence: 0.92,
      reasons: reason("crowd", "300 reports in 5 min, usually 3", at(-2 * 24 * 60)),
    },
  });
  await prisma.outageEpisode.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      providerId: "bulk",
      state: "false_alarm" as const,
      suspectedAt: at(-10 * 24 * 60 - i * 60),
      openedAt: at(-10 * 24 * 60 - i * 60),
      lastAbnormalAt: at(-10 * 24 * 60 - i * 60),
      endedAt: at(-10 * 24 * 60 - i * 60 + 30),
    })),
  });
  return { confirmed, suspected, falseAlarm, unacknowledged };
}
