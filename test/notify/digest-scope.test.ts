import { buildDigest } from "../../src/notify/digest/build";
import { lastCompletedPeriod } from "../../src/notify/digest/period";
import { fanOut } from "../../src/notify/fanout";
import { freshDatabase, type TestDatabase } from "../support/db";
import { notifyConfig } from "../support/notify";

const H = 3600_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("a digest follows its subscription", () => {
  it("draws the 30-day strip in the subscriber's days, not UTC's", async () => {
    await db.prisma.provider.create({ data: { id: "evening", name: "Evening", kind: "statuspage", url: "https://status.evening.test" } });
    const c = await db.prisma.component.create({
      data: { providerId: "evening", externalId: "api", name: "API", status: "operational", updatedAt: new Date() },
    });
    await db.prisma.componentStatusChange.createMany({
      data: [
        { componentId: c.id, toStatus: "operational", at: new Date("2026-10-01T00:00:00Z") },
        // 20:00–22:00 in New York on Friday 27 Nov: Saturday 28 Nov in UTC.
        { componentId: c.id, toStatus: "major_outage", at: new Date("2026-11-28T01:00:00Z") },
        { componentId: c.id, toStatus: "operational", at: new Date("2026-11-28T03:00:00Z") },
      ],
    });
    const timeZone = "America/New_York";
    const now = new Date("2026-11-30T15:00:00Z");
    const period = lastCompletedPeriod(now, { frequency: "daily", hour: 9, timeZone });
    const sub = { id: 1, providers: ["evening"], minImpact: "none" as const, timeZone, components: [] };
    const { report } = await buildDigest(db.prisma, sub, "daily", period, { publicUrl: "http://statuswatch.test", now });
    const strip = report.providers[0]!.strip;
    expect(strip).toHaveLength(30);
    expect([strip[0]!.date, strip.at(-1)!.date]).toEqual(["2026-11-01", "2026-11-30"]);
    const day = (date: string) => strip.find((d) => d.date === date);
    expect(day("2026-11-27")).toEqual({ date: "2026-11-27", worst: "major_outage", uptimePercent: Math.round((1 - 2 / 24) * 1_000_000) / 10_000 });
    expect(day("2026-11-28")).toEqual({ date: "2026-11-28", worst: "operational", uptimePercent: 100 });
  });

  it("leaves out incidents and availability of components outside its filter, as live alerts do", async () => {
    await db.prisma.provider.create({ data: { id: "split", name: "Split", kind: "statuspage", url: "https://status.split.test" } });
    const now = new Date("2026-11-30T15:00:00Z");
    const period = lastCompletedPeriod(now, { frequency: "daily", hour: 9, timeZone: "UTC" });
    const at = (h: number) => new Date(period.start.getTime() + h * H);
    const [api, dash] = await Promise.all(
      ["API", "Dashboard"].map((name) =>
        db.prisma.component.create({ data: { providerId: "split", externalId: name, name, status: "operational", updatedAt: now } }),
      ),
    );
    await db.prisma.componentStatusChange.createMany({
      data: [
        { componentId: api!.id, toStatus: "operational", at: at(-48) },
        { componentId: api!.id, toStatus: "major_outage", at: at(2) },
        { componentId: api!.id, toStatus: "operational", at: at(8) },
        { componentId: dash!.id, toStatus: "operational", at: at(-48) },
        { componentId: dash!.id, toStatus: "degraded_performance", at: at(10) },
        { componentId: dash!.id, toStatus: "operational", at: at(11) },
      ],
    });
    const sub = await db.prisma.subscription.create({
      data: {
        channel: "email",
        target: "dash@example.test",
        components: ["Dashboard"],
        events: ["incident_opened"],
        digest: "daily",
        timeZone: "UTC",
        confirmedAt: now,
        createdAt: at(-1),
      },
    });
    const incidents = await Promise.all(
      [
        ["api-down", "API is down", ["API"]],
        ["dash-slow", "Dashboard is slow", ["Dashboard"]],
        ["both", "API and Dashboard errors", ["API", "Dashboard"]],
        ["unnamed", "Something, somewhere", []],
      ].map(([externalId, title, components], n) =>
        db.prisma.incident.create({
          data: {
            providerId: "split",
            externalId: externalId as string,
            title: title as string,
            components: components as string[],
            impact: "major",
            status: "resolved",
            startedAt: at(2 + n),
            resolvedAt: at(3 + n),
          },
        }),
      ),
    );
    for (const i of incidents)
      await db.prisma.event.create({
        data: { providerId: "split", kind: "incident_opened", incidentId: i.id, occurredAt: i.startedAt, dedupeKey: `scope:${i.id}`, data: {} },
      });
    await fanOut(db.prisma, notifyConfig());
    const alerted = await db.prisma.delivery.findMany({
      where: { subscriptionId: sub.id },
      select: { event: { select: { incident: { select: { title: true } } } } },
    });

    const { report } = await buildDigest(db.prisma, sub, "daily", period, { publicUrl: "http://statuswatch.test", now });
    const titles = report.providers.flatMap((p) => p.incidents.map((i) => i.title)).sort();
    expect(titles).toEqual(["API and Dashboard errors", "Dashboard is slow"]);
    expect(titles).toEqual(alerted.map((d) => d.event.incident!.title).sort());
    // The API's six-hour outage is not this subscriber's; the Dashboard's hour degraded is (up, for uptime).
    const [split] = report.providers;
    expect(split!.availability.percent).toBe(100);
    expect(split!.strip.map((d) => d.worst).filter((w) => w !== null && w !== "operational")).toEqual(["degraded_performance"]);

    const everything = await buildDigest(db.prisma, { ...sub, components: [] }, "daily", period, { publicUrl: "http://statuswatch.test", now });
    expect(everything.report.providers[0]!.incidents).toHaveLength(4);
    expect(everything.report.providers[0]!.availability.percent).toBe(75);
  });
});
