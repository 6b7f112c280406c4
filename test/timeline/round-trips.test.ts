import pg from "pg";
import type { Snapshot } from "../../src/domain/snapshot";
import { ingestSnapshot, recordSuccess } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, minute, seedProvider, snapshot } from "../support/notify";

/*
 * What one poll costs the database, counted at the driver: every statement a pg client sends
 * (Prisma's own included, as it runs on the same pg pool). A poll cycle is bound by these round
 * trips and the work around each, so their number is a behaviour worth holding.
 */

/** A page like the benchmark's: 15 components, 20 incidents of 3 updates, a maintenance of 3 updates. */
function bigPage(): Snapshot {
  const components = Array.from({ length: 15 }, (_, c) => ({ externalId: `c${c}`, name: `Component ${c}`, status: "operational" as const }));
  const incidents = Array.from({ length: 20 }, (_, i) => incident("identified", 10, { externalId: `i${i}`, title: `Incident ${i}`, startedAt: minute(0) }));
  return snapshot({
    status: "operational",
    components,
    incidents,
    maintenances: [
      {
        externalId: "m0",
        title: "Upgrade",
        status: "completed",
        impact: "none",
        scheduledFor: minute(0),
        scheduledUntil: minute(30),
        components: [],
        updates: ["scheduled", "in_progress", "completed"].map((s, u) => ({
          externalId: `m0u${u}`,
          status: s as "scheduled" | "in_progress" | "completed",
          body: s,
          at: minute(u * 10),
        })),
      },
    ],
  });
}

/** Statements sent by pg clients while `fn` runs. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const spy = jest.spyOn(pg.Client.prototype, "query").mockName("counting");
  try {
    await fn();
    for (const call of spy.mock.calls) {
      const q = call[0] as unknown;
      sent.push(typeof q === "string" ? q : String((q as { text?: string }).text));
    }
  } finally {
    spy.mockRestore();
  }
  return sent;
}

/** The provider row's version: it changes with every write to that row. */
async function rowVersion(db: TestDatabase, id: string): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<{ v: string }[]>(`select xmin::text as v from providers where id = $1`, id);
  return rows[0]!.v;
}

describe("round trips of one poll's transaction", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedProvider(db.prisma, "big");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("writes a first sync of a big page in a fixed handful of statements, however many rows it has", async () => {
    let events = 0;
    const sent = await statementsDuring(async () => {
      events = (await ingestSnapshot(db.prisma, "big", bigPage(), {}, minute(20))).events;
    });
    // Each incident opens and moves at least once (its old updates are rows, not events, on a first sync).
    expect(events).toBeGreaterThanOrEqual(40);
    // BEGIN with the locks, the read, one statement writing every row (components, their changes,
    // incidents, their updates, the maintenance, its updates, events, the provider), COMMIT.
    // (Through Prisma it was 19 round trips.)
    expect(sent).toHaveLength(4);
    expect(sent.filter((s) => /\b(INSERT|UPDATE)\b/.test(s))).toHaveLength(1);
    const counts = await db.prisma.$queryRawUnsafe<{ c: number; i: number; u: number; m: number; mu: number; e: number }[]>(
      `select (select count(*) from components where provider_id = 'big')::int as c, (select count(*) from incidents where provider_id = 'big')::int as i,
              (select count(*) from incident_updates u join incidents i on i.id = u.incident_id where i.provider_id = 'big')::int as u,
              (select count(*) from maintenances where provider_id = 'big')::int as m,
              (select count(*) from maintenance_updates u join maintenances m on m.id = u.maintenance_id where m.provider_id = 'big')::int as mu,
              (select count(*) from events where provider_id = 'big')::int as e`,
    );
    expect(counts[0]).toEqual({ c: 15, i: 20, u: 40, m: 1, mu: 3, e: events });
  });

  it("reads a page that changed nothing in three statements and writes no row", async () => {
    const before = await rowVersion(db, "big");
    const sent = await statementsDuring(() => ingestSnapshot(db.prisma, "big", bigPage(), {}, minute(20)));
    // BEGIN with the locks, the read, COMMIT. (Through Prisma it was 7.)
    expect(sent).toHaveLength(3);
    expect(sent.some((s) => /\b(INSERT|UPDATE|DELETE)\b/.test(s))).toBe(false);
    expect(await rowVersion(db, "big")).toBe(before);
  });

  it("resolves one incident of the page with a single update per kind of row", async () => {
    const page = bigPage();
    page.incidents[3] = incident("resolved", 40, { externalId: "i3", title: "Incident 3", startedAt: minute(0) });
    const sent = await statementsDuring(() => ingestSnapshot(db.prisma, "big", page, {}, minute(41)));
    // BEGIN with the locks, the read, one write (the incident row, its new update, its events, the
    // provider row: its success time is 21 minutes old), COMMIT. (Through Prisma it was 11.)
    expect(sent).toHaveLength(4);
    const stored = await db.prisma.incident.findFirstOrThrow({ where: { providerId: "big", externalId: "i3" } });
    expect(stored.status).toBe("resolved");
    expect(stored.resolvedAt?.toISOString()).toBe(minute(40).toISOString());
  });

  it("refreshes a healthy provider's success time in three statements (a 304 once a minute)", async () => {
    const before = await rowVersion(db, "big");
    const sent = await statementsDuring(() => recordSuccess(db.prisma, "big", minute(50)));
    // BEGIN with the lock, the provider row, COMMIT. (Through Prisma it was 4.)
    expect(sent).toHaveLength(3);
    expect(await rowVersion(db, "big")).not.toBe(before);
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "big" } });
    expect(p.lastSuccessAt?.toISOString()).toBe(minute(50).toISOString());
  });

  it("drops the per-day uptime summaries a component's change makes stale in the same write", async () => {
    await seedProvider(db.prisma, "days");
    const page = (status: "operational" | "major_outage") => snapshot({ components: [{ externalId: "a", name: "A", status }] });
    await ingestSnapshot(db.prisma, "days", page("operational"), {}, minute(0));
    const comp = await db.prisma.component.findFirstOrThrow({ where: { providerId: "days" } });
    // The change's day and the day before it, as summarised by src/services/uptime-days.ts.
    await db.prisma.$executeRawUnsafe(
      `insert into component_uptime_days (component_id, day, operational_ms, degraded_ms, partial_ms, major_ms, maintenance_ms)
       select $1, d, 86400000, 0, 0, 0, 0 from (values (($2::timestamptz at time zone 'UTC')::date - 1), (($2::timestamptz at time zone 'UTC')::date)) v(d)`,
      comp.id,
      minute(90).toISOString(),
    );
    const sent = await statementsDuring(() => ingestSnapshot(db.prisma, "days", page("major_outage"), {}, minute(90)));
    // BEGIN with the locks, the read, one write (the component, its change, the stale days, the events, the provider), COMMIT.
    expect(sent).toHaveLength(4);
    const days = await db.prisma.$queryRawUnsafe<{ day: string }[]>(`select day::text as day from component_uptime_days where component_id = $1`, comp.id);
    expect(days).toEqual([{ day: "2026-11-19" }]);
  });

  it("writes the format watch's state and its events with the provider's row, in the same four statements", async () => {
    await seedProvider(db.prisma, "fmt");
    await ingestSnapshot(db.prisma, "fmt", bigPage(), {}, minute(20));
    const empty = () => ({ ...bigPage(), components: [] });
    const suspicious = await statementsDuring(() => ingestSnapshot(db.prisma, "fmt", empty(), {}, minute(21)));
    expect(suspicious).toHaveLength(4);
    let result: Awaited<ReturnType<typeof ingestSnapshot>> | undefined;
    const confirmed = await statementsDuring(async () => {
      result = await ingestSnapshot(db.prisma, "fmt", empty(), {}, minute(22));
    });
    expect(confirmed).toHaveLength(4);
    expect(result?.kinds.source_format_changed).toBe(1);
    const p = await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } });
    expect(p.formatChangedSince?.toISOString()).toBe(minute(22).toISOString());
    expect(p.formatChange).toContain("15 → 0");
    const recovered = await statementsDuring(() => ingestSnapshot(db.prisma, "fmt", bigPage(), {}, minute(23)));
    expect(recovered).toHaveLength(4);
    const kinds = (await db.prisma.event.findMany({ where: { providerId: "fmt", backfill: false }, orderBy: { id: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(["source_format_changed", "source_format_recovered"]);
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "fmt" } })).formatChangedSince).toBeNull();
  });

  it("confirms a suspected early-warning episode in the transaction that opens the incident (the Prisma path)", async () => {
    await seedProvider(db.prisma, "warned");
    await ingestSnapshot(db.prisma, "warned", snapshot({}), {}, minute(0));
    const episode = await db.prisma.outageEpisode.create({
      data: { providerId: "warned", state: "suspected", suspectedAt: minute(1), openedAt: minute(1), lastAbnormalAt: minute(2), peakConfidence: 0.8 },
    });
    const sent = await statementsDuring(() =>
      ingestSnapshot(db.prisma, "warned", snapshot({ incidents: [incident("investigating", 5, { externalId: "w1" })] }), {}, minute(6)),
    );
    // The fast transaction found the episode and rolled back; the Prisma one wrote the incident and confirmed it.
    expect(sent).toContain("ROLLBACK");
    const after = await db.prisma.outageEpisode.findUniqueOrThrow({ where: { id: episode.id } });
    expect(after.state).toBe("confirmed");
    const opened = await db.prisma.incident.findFirstOrThrow({ where: { providerId: "warned", externalId: "w1" } });
    expect(after.incidentId).toBe(opened.id);
    const kinds = (await db.prisma.event.findMany({ where: { providerId: "warned", backfill: false }, orderBy: { id: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["incident_opened", "outage_confirmed"]));
    expect(kinds.filter((k) => k === "incident_opened")).toHaveLength(1);
  });
});
