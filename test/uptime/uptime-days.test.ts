import { createPrisma, type Db } from "../../src/db/database";
import { COMPONENT_STATUSES, type ComponentStatus } from "../../src/domain/status";
import { int, rng } from "../../src/detect/eval/random";
import { UptimeService } from "../../src/services/uptime";
import { UptimeDaysService } from "../../src/services/uptime-days";
import type { ProviderBars } from "../../src/uptime/window";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { snapshot } from "../support/notify";

const DAY = 86_400_000;
const HOUR = 3_600_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/**
 * A seeded random history: providers with 0–4 components, changes at random times over 130 days
 * (some before the 90-day window, some on the stroke of midnight, some sharing a time, some today),
 * components first seen at different times (one only today).
 */
async function seedHistory(prisma: Db, seed: number, now: number): Promise<string[]> {
  const r = rng(seed);
  const providers = Array.from({ length: 8 }, (_, i) => `r${seed}-${i}`);
  await prisma.provider.createMany({ data: providers.map((id) => ({ id, name: id, kind: "statuspage", url: `https://${id}.test` })) });
  const today = Math.floor(now / DAY) * DAY;
  for (const [p, providerId] of providers.entries()) {
    const count = p === 0 ? 0 : int(r, 1, 4);
    for (let c = 0; c < count; c++) {
      const component = await prisma.component.create({
        data: { providerId, externalId: `c${c}`, name: `C${c}`, status: "operational", updatedAt: new Date(now) },
      });
      // First seen: 130 days ago … today (the last provider's last component only today).
      let t = p === providers.length - 1 && c === count - 1 ? today + int(r, 0, Math.floor((now - today) / 60_000)) * 60_000 : now - int(r, 1, 130 * 24) * HOUR;
      const changes: Array<{ componentId: number; toStatus: ComponentStatus; at: Date }> = [];
      while (t < now && changes.length < 300) {
        const status = r() < 0.5 ? "operational" : COMPONENT_STATUSES[int(r, 0, COMPONENT_STATUSES.length - 1)]!;
        changes.push({ componentId: component.id, toStatus: status, at: new Date(t) });
        const roll = r();
        // Ties, changes at midnight, minutes, hours and days apart.
        t = roll < 0.05 ? t : roll < 0.12 ? Math.floor(t / DAY) * DAY + DAY : t + (roll < 0.5 ? int(r, 1, 600) * 60_000 : int(r, 1, 120) * HOUR);
      }
      await prisma.componentStatusChange.createMany({ data: changes });
    }
  }
  return providers;
}

/** The bars as one list per provider: the runs they come in are how they are stored, not what they say. */
const flat = (bars: Map<string, ProviderBars>) => new Map([...bars].map(([id, b]) => [id, { ...b, runs: [b.runs.flat()] }]));

async function expectSameAsHistory(prisma: Db, providers: string[], now: Date, fromDays = new UptimeDaysService(prisma)) {
  const fromHistory = new UptimeService(prisma);
  expect(flat(await fromDays.barsByProvider(providers, 90, now))).toEqual(flat(await fromHistory.barsByProvider(providers, 90, now)));
  for (const id of providers) expect(await fromDays.componentDays(id, 90, now)).toEqual(await fromHistory.componentDays(id, 90, now));
}

describe("uptime from per-day summaries", () => {
  it.each([1, 2, 3])("gives the bars, uptime figures and provider page figures of the full history computation (seed %i)", async (seed) => {
    const now = new Date();
    const providers = await seedHistory(db.prisma, seed, now.getTime());
    await expectSameAsHistory(db.prisma, providers, now);
    // Stored now: the closed days are read, not computed, and agree all the same.
    const stored = await db.prisma.componentUptimeDay.count({ where: { component: { providerId: { in: providers } } } });
    expect(stored).toBeGreaterThan(0);
    expect(await db.prisma.providerUptimeWindow.count({ where: { providerId: { in: providers } } })).toBe(providers.length);
    await expectSameAsHistory(db.prisma, providers, now);
    expect(await db.prisma.componentUptimeDay.count({ where: { component: { providerId: { in: providers } } } })).toBe(stored);
    // A window ending earlier (a caller's own clock) still agrees, and does not disturb today's.
    await expectSameAsHistory(db.prisma, providers, new Date(now.getTime() - 2 * DAY - 5 * HOUR));
    await expectSameAsHistory(db.prisma, providers, now);
  });

  it("a late change written by the timeline makes the stored days from its day on be computed again", async () => {
    await db.prisma.provider.create({ data: { id: "late", name: "Late", kind: "statuspage", url: "https://late.test" } });
    const now = Date.now();
    const page = (status: ComponentStatus, at: number) =>
      snapshot({ components: [{ externalId: "api", name: "API", status, updatedAt: new Date(at) }], updatedAt: new Date(at) });
    await ingestSnapshot(db.prisma, "late", page("operational", now - 20 * DAY), {}, new Date(now - 20 * DAY));
    // One instance throughout: what it keeps of the stored days must not outlive them.
    const service = new UptimeDaysService(db.prisma);
    await expectSameAsHistory(db.prisma, ["late"], new Date(now), service);
    const before = await service.barsByProvider(["late"], 90, new Date(now));
    // The page, read late, says the API went down five days ago and came back three days ago.
    await ingestSnapshot(db.prisma, "late", page("major_outage", now - 5 * DAY), {}, new Date(now));
    await ingestSnapshot(db.prisma, "late", page("operational", now - 3 * DAY), {}, new Date(now));
    const after = await service.barsByProvider(["late"], 90, new Date(now));
    expect(after.get("late")!.uptimePercent).toBeLessThan(before.get("late")!.uptimePercent!);
    expect(
      after
        .get("late")!
        .runs.flat()
        .filter((d) => d.worst === "major_outage"),
    ).toHaveLength(3);
    await expectSameAsHistory(db.prisma, ["late"], new Date(now), service);
  });

  it("stays right when another instance reads while changes for past days are written", async () => {
    const other = createPrisma(db.url, 3);
    try {
      await db.prisma.provider.create({ data: { id: "busy", name: "Busy", kind: "statuspage", url: "https://busy.test" } });
      const start = Date.now() - 60 * DAY;
      const page = (status: ComponentStatus, at: number) =>
        snapshot({ components: [{ externalId: "api", name: "API", status, updatedAt: new Date(at) }], updatedAt: new Date(at) });
      await ingestSnapshot(db.prisma, "busy", page("operational", start), {}, new Date(start));
      const reader = new UptimeDaysService(other);
      const writes = (async () => {
        // Each change lands on a day the reader may just have stored.
        for (let i = 1; i <= 12; i++)
          await ingestSnapshot(db.prisma, "busy", page(i % 2 ? "major_outage" : "operational", start + i * 4 * DAY + i * HOUR), {}, new Date());
      })();
      const reads = (async () => {
        for (let i = 0; i < 12; i++) await reader.barsByProvider(["busy"], 90);
      })();
      await Promise.all([writes, reads]);
      await expectSameAsHistory(other, ["busy"], new Date(), reader);
    } finally {
      await other.$disconnect();
    }
  }, 60_000);
});
