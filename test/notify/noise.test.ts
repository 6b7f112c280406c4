import { fanOut, writeReminders } from "../../src/notify/fanout";
import { buildMessage } from "../../src/notify/message";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, minute, notifyConfig, seedProvider, snapshot } from "../support/notify";

let db: TestDatabase;
const cfg = notifyConfig({ flapThreshold: 4, flapWindowMs: 30 * 60_000, groupWindowMs: 10 * 60_000 });

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function drain() {
  while ((await fanOut(db.prisma, cfg)).events > 0);
}

async function sub(provider: string, events?: string[]) {
  return (
    await db.prisma.subscription.create({
      data: {
        channel: "slack",
        target: `https://hooks.slack.com/services/T/B/${provider}${events ? "c" : "d"}`,
        providers: [provider],
        events: (events ?? ["incident_opened", "incident_status_changed", "incident_resolved", "incident_reminder", "component_status_changed"]) as never,
        confirmedAt: new Date(),
      },
    })
  ).id;
}

const kindsFor = async (subscriptionId: number) =>
  (await db.prisma.delivery.findMany({ where: { subscriptionId }, include: { event: true }, orderBy: { eventId: "asc" } })).map(
    (d) => `${d.event.kind}:${d.event.toStatus ?? ""}`,
  );

describe("noise control", () => {
  it("summarizes a flapping component in one message", async () => {
    await seedProvider(db.prisma, "flappy");
    const id = await sub("flappy");
    await ingestSnapshot(db.prisma, "flappy", snapshot({}), {}, minute(0));
    const statuses = [
      "degraded_performance",
      "operational",
      "degraded_performance",
      "operational",
      "degraded_performance",
      "operational",
      "degraded_performance",
    ];
    for (const [i, status] of statuses.entries()) {
      await ingestSnapshot(
        db.prisma,
        "flappy",
        snapshot({ components: [{ externalId: "api", name: "API", status: status as never, updatedAt: minute(i + 1) }] }),
        {},
        minute(i + 1),
      );
    }
    await drain();
    expect(await kindsFor(id)).toEqual([
      "component_status_changed:degraded_performance",
      "component_status_changed:operational",
      "component_status_changed:degraded_performance",
      "component_status_changed:operational",
      "component_flapping:degraded_performance",
    ]);
    const flap = await db.prisma.event.findFirstOrThrow({ where: { kind: "component_flapping", providerId: "flappy" } });
    const m = await buildMessage(db.prisma, flap.id, cfg.publicUrl);
    expect(m.tag).toBe("Flapping");
    expect(m.transition).toContain("Changed status 5 times in 30m");
  });

  it("tells an incident's components in the incident's message, not one message per component", async () => {
    await seedProvider(db.prisma, "grouped");
    const everything = await sub("grouped");
    const componentsOnly = await sub("grouped", ["component_status_changed"]);
    await ingestSnapshot(db.prisma, "grouped", snapshot({}), {}, minute(0));
    await ingestSnapshot(
      db.prisma,
      "grouped",
      snapshot({
        components: [
          { externalId: "api", name: "API", status: "partial_outage", updatedAt: minute(1) },
          { externalId: "dash", name: "Dashboard", status: "partial_outage", updatedAt: minute(1) },
        ],
        incidents: [incident("investigating", 1, { startedAt: minute(1) })],
      }),
      {},
      minute(1),
    );
    await drain();
    expect(await kindsFor(everything)).toEqual(["incident_opened:investigating"]);
    expect(await kindsFor(componentsOnly)).toEqual(["component_status_changed:partial_outage", "component_status_changed:partial_outage"]);
    const opened = await db.prisma.event.findFirstOrThrow({ where: { providerId: "grouped", kind: "incident_opened", backfill: false } });
    expect((await buildMessage(db.prisma, opened.id, cfg.publicUrl)).components).toEqual(["API", "Dashboard"]);
  });

  it("reminds once about an incident still open after the configured time", async () => {
    await seedProvider(db.prisma, "slow");
    const id = await sub("slow");
    await ingestSnapshot(db.prisma, "slow", snapshot({ incidents: [incident("investigating", 0, { externalId: "backfilled" })] }), {}, minute(0));
    await ingestSnapshot(db.prisma, "slow", snapshot({ incidents: [incident("investigating", 1, { startedAt: minute(1) })] }), {}, minute(1));
    await drain();
    expect(await writeReminders(db.prisma, 60 * 60_000)).toBe(0);
    await db.prisma.incident.updateMany({ where: { providerId: "slow" }, data: { createdAt: new Date(Date.now() - 2 * 3600_000) } });
    expect(await writeReminders(db.prisma, 60 * 60_000)).toBe(1); // the backfilled incident gets none
    expect(await writeReminders(db.prisma, 60 * 60_000)).toBe(0);
    await drain();
    expect(await kindsFor(id)).toEqual(["incident_opened:investigating", "incident_reminder:investigating"]);
    const reminder = await db.prisma.event.findFirstOrThrow({ where: { kind: "incident_reminder", providerId: "slow" } });
    const m = await buildMessage(db.prisma, reminder.id, cfg.publicUrl);
    expect(m.tag).toBe("Still open");
  });
});
