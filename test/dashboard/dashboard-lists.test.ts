import { currentMaintenances, openIncidents, recentEvents, watchedProviders } from "../../src/services/dashboard-lists";
import { EventService } from "../../src/services/events";
import { IncidentService } from "../../src/services/incidents";
import { ProviderService } from "../../src/services/providers";
import { seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";

describe("the lists / reads as plain statements", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDashboard(db.prisma);
    const now = Date.now();
    const base = { kind: "statuspage", url: "https://x.test", category: "cloud" };
    await db.prisma.provider.createMany({
      data: [
        { ...base, id: "paused", name: "Paused", enabled: false },
        { ...base, id: "gone", name: "Gone", enabled: false, deletedAt: new Date(now) },
        {
          ...base,
          id: "odd",
          name: "Ödd <i>",
          category: null,
          status: null,
          formatChangedSince: new Date(now - 60_000),
          formatChange: "now JSON",
          formatSuggestion: "rss",
          sla: { monthlyPercent: 99.9 },
          consecutiveFailures: 2,
          lastError: "HTTP 503",
          unreachableSince: new Date(now - 30_000),
        },
      ],
    });
    const incident = await db.prisma.incident.create({
      data: {
        providerId: "odd",
        externalId: "o1",
        title: "Broken",
        status: "monitoring",
        impact: "major",
        startedAt: new Date(now - 5_000),
        components: ["API", "Web"],
      },
    });
    await db.prisma.incident.create({
      data: {
        providerId: "odd",
        externalId: "o2",
        title: "Done",
        status: "postmortem",
        impact: "minor",
        startedAt: new Date(now - 4_000),
        resolvedAt: new Date(now - 1_000),
      },
    });
    const m = (externalId: string, status: "scheduled" | "in_progress" | "verifying" | "completed", from: number | null, until: number | null) => ({
      providerId: "odd",
      externalId,
      title: `M ${externalId}`,
      status,
      impact: "minor" as const,
      scheduledFor: from === null ? null : new Date(now + from * 3600_000),
      scheduledUntil: until === null ? null : new Date(now + until * 3600_000),
      components: ["API"],
    });
    await db.prisma.maintenance.createMany({
      data: [
        m("running", "in_progress", -1, 1),
        m("verify", "verifying", null, null),
        m("soon", "scheduled", 2, 4),
        m("open-ended", "scheduled", 3, null),
        m("late", "scheduled", -5, -1),
        m("far", "scheduled", 24 * 9, 24 * 9 + 2),
        m("done", "completed", -3, -2),
      ],
    });
    await db.prisma.event.createMany({
      data: [
        {
          providerId: "odd",
          kind: "incident_opened",
          incidentId: incident.id,
          toStatus: "monitoring",
          occurredAt: new Date(now - 5_000),
          dedupeKey: "x1",
          data: { note: "ü" },
        },
        { providerId: "odd", kind: "incident_opened", incidentId: incident.id, occurredAt: new Date(now - 5_000), dedupeKey: "x2", backfill: true },
      ],
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("give the same rows, in the same order and shape, as the services' Prisma queries", async () => {
    const providers = await watchedProviders(db.prisma);
    expect(providers).toEqual(await new ProviderService(db.prisma).list({}));
    expect(providers.map((p) => p.id)).not.toContain("paused");
    expect(providers.find((p) => p.id === "odd")).toMatchObject({ status: "unknown", sourceHealth: "unreachable", formatChange: { what: "now JSON" } });

    const ids = [...providers.map((p) => p.id), "paused"];
    const open = await openIncidents(db.prisma, ids, 50);
    expect(open).toEqual((await new IncidentService(db.prisma).list({ providers: ids, active: true, limit: 50 })).items);
    expect(open.map((i) => i.title)).toContain("Broken");
    expect(open.map((i) => i.title)).not.toContain("Done");
    expect(await openIncidents(db.prisma, ids, 1)).toEqual(open.slice(0, 1));

    const events = await recentEvents(db.prisma, ids, 30);
    expect(events).toEqual((await new EventService(db.prisma).list({ providers: ids, includeBackfill: false, limit: 30, newestFirst: true })).items);
    expect(events.some((e) => e.component !== null)).toBe(true);
    expect(events.some((e) => e.title === "Broken")).toBe(true);
    expect(events.every((e) => !e.backfill)).toBe(true);
    expect(await recentEvents(db.prisma, [], 30)).toEqual([]);

    const now = new Date();
    const until = new Date(now.getTime() + 7 * 86_400_000);
    const maintenances = await currentMaintenances(db.prisma, ids, now, until, 100);
    const viaPrisma = await db.prisma.maintenance.findMany({
      where: {
        providerId: { in: ids },
        OR: [
          { status: { in: ["in_progress", "verifying"] } },
          { status: "scheduled", scheduledFor: { lte: until }, OR: [{ scheduledUntil: null }, { scheduledUntil: { gte: now } }] },
        ],
      },
      orderBy: [{ scheduledFor: "asc" }, { id: "asc" }],
      take: 100,
    });
    expect(maintenances).toEqual(viaPrisma);
    expect(maintenances.filter((x) => x.providerId === "odd").map((x) => x.externalId)).toEqual(["running", "soon", "open-ended", "verify"]);
  });
});
