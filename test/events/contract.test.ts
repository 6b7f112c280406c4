import { EVENT_KINDS } from "../../src/domain/status";
import { EVENT_CONTRACT, dataOf, newEvent } from "../../src/events/contract";
import { fanOut, writeReminders } from "../../src/notify/fanout";
import { ingestSnapshot, recordFailure } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, minute, notifyConfig, seedProvider, snapshot } from "../support/notify";

const at = new Date("2026-11-20T10:00:00.000Z");

describe("the event contract", () => {
  it("declares every kind", () => {
    expect(Object.keys(EVENT_CONTRACT).sort()).toEqual([...EVENT_KINDS].sort());
  });

  // Keys of events already stored must not change, or re-ingesting would write them again.
  it.each([
    ["incident_opened", { providerId: "p", subjectId: "i1", at }, "p:i:i1:opened"],
    [
      "incident_status_changed",
      { providerId: "p", subjectId: "i1", from: "investigating", to: "identified", at },
      "p:i:i1:s:investigating>identified:2026-11-20T10:00:00.000Z",
    ],
    [
      "incident_resolved",
      { providerId: "p", subjectId: "i1", from: "monitoring", to: "resolved", at },
      "p:i:i1:s:monitoring>resolved:2026-11-20T10:00:00.000Z",
    ],
    ["incident_update_posted", { providerId: "p", subjectId: "i1", at, part: "u7" }, "p:i:i1:u:u7"],
    ["incident_reminder", { providerId: "p", subjectId: "i1", at }, "p:i:i1:reminder"],
    ["component_status_changed", { providerId: "p", subjectId: "api", to: "major_outage", at }, "p:c:api:new>major_outage:2026-11-20T10:00:00.000Z"],
    ["component_flapping", { providerId: "p", subjectId: "12", at, part: "99" }, "p:flap:12:99"],
    ["provider_status_changed", { providerId: "p", from: null, to: "minor", at }, "p:status:none>minor:2026-11-20T10:00:00.000Z"],
    ["maintenance_started", { providerId: "p", subjectId: "m1", from: "scheduled", to: "in_progress", at }, "p:m:m1:scheduled>in_progress"],
    ["source_unreachable", { providerId: "p", at }, "p:unreachable:2026-11-20T10:00:00.000Z"],
    ["source_recovered", { providerId: "p", at, part: "2026-11-20T09:00:00.000Z" }, "p:recovered:2026-11-20T09:00:00.000Z"],
  ] as const)("builds %s keys as stored events have them", (kind, parts, key) => {
    expect(EVENT_CONTRACT[kind].dedupeKey(parts)).toBe(key);
  });

  it("reads data only as the event's own kind, and only in its shape", () => {
    const e = { kind: "source_unreachable" as const, data: { reason: "HTTP 503", consecutiveFailures: 3 } };
    expect(dataOf(e, "source_unreachable")?.reason).toBe("HTTP 503");
    expect(dataOf(e, "source_recovered")).toBeUndefined();
    expect(dataOf({ kind: "source_unreachable", data: { reason: 5 } }, "source_unreachable")).toBeUndefined();
    expect(newEvent("incident_opened", { title: "t" }, { providerId: "p", subjectId: "x", at })).toEqual({
      kind: "incident_opened",
      data: { title: "t" },
      dedupeKey: "p:i:x:opened",
    });
  });

  describe("against what the writers store", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await freshDatabase();
      await seedProvider(db.prisma, "acme", "Acme");
    });
    afterAll(async () => db?.drop());

    it("every event the timeline, the failure tracker, reminders and flap summaries write has its kind's data", async () => {
      await ingestSnapshot(db.prisma, "acme", snapshot({}), {}, minute(0));
      const flip = (m: number, s: "operational" | "major_outage") =>
        snapshot({
          status: s,
          statusDescription: "words",
          components: [
            { externalId: "api", name: "API", status: s, updatedAt: minute(m), description: "desc" },
            { externalId: "dash", name: "Dashboard", status: "operational" },
          ],
        });
      for (let m = 1; m <= 6; m++) await ingestSnapshot(db.prisma, "acme", flip(m, m % 2 ? "major_outage" : "operational"), {}, minute(m));
      await ingestSnapshot(
        db.prisma,
        "acme",
        snapshot({
          incidents: [incident("identified", 10)],
          maintenances: [
            {
              externalId: "m1",
              title: "Upgrade",
              status: "in_progress",
              impact: "minor",
              components: [],
              scheduledFor: minute(5),
              scheduledUntil: minute(50),
              updates: [],
            },
          ],
        }),
        {},
        minute(10),
      );
      for (let i = 0; i < 3; i++) await recordFailure(db.prisma, "acme", "HTTP 503", minute(20 + i), 3);
      await ingestSnapshot(db.prisma, "acme", snapshot({ incidents: [incident("resolved", 40)] }), {}, minute(40));
      await ingestSnapshot(db.prisma, "acme", snapshot({ incidents: [incident("investigating", 41, { externalId: "inc2" })] }), {}, minute(41));
      await db.prisma.incident.updateMany({ data: { createdAt: minute(0) } });
      await writeReminders(db.prisma, 60_000);
      await fanOut(db.prisma, notifyConfig({ flapThreshold: 2, flapWindowMs: 3600_000 }));

      const events = await db.prisma.event.findMany({ orderBy: { id: "asc" } });
      const kinds = new Set(events.map((e) => e.kind));
      for (const k of [
        "incident_opened",
        "incident_status_changed",
        "incident_resolved",
        "incident_update_posted",
        "incident_reminder",
        "component_status_changed",
        "component_flapping",
        "provider_status_changed",
        "maintenance_started",
        "source_unreachable",
        "source_recovered",
      ]) {
        expect(kinds).toContain(k);
      }
      const misfits = events.filter((e) => !EVENT_CONTRACT[e.kind].data.safeParse(e.data).success).map((e) => ({ kind: e.kind, data: e.data }));
      expect(misfits).toEqual([]);
    });
  });
});
