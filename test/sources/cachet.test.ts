import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { cachet } from "../../src/sources/cachet";
import { cachetTime, parseCachet } from "../../src/sources/cachet/parse";
import { entry, serve, testContext } from "./local-server";

const read = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/cachet", name), "utf8");
const json = (name: string) => JSON.parse(read(name));
const PAGE = "https://status.acme.test";
const payloads = () => ({
  components: json("components.json"),
  groups: json("groups.json"),
  incidents: json("incidents.json"),
  schedules: json("schedules.json"),
});

describe("parseCachet", () => {
  const snap = parseCachet(payloads(), PAGE);

  it("maps component codes 1-4 with their group", () => {
    expect(snap.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["API", "Platform", "partial_outage"],
      ["Website", "Platform", "operational"],
      ["Mail relay", undefined, "degraded_performance"],
    ]);
  });

  it("reads incidents with the opening message and updates, Watching as monitoring and Fixed as resolved, leaving hidden ones out", () => {
    expect(snap.incidents.map((i) => [i.externalId, i.status, i.components])).toEqual([
      ["12", "identified", ["API"]],
      ["11", "resolved", ["Mail relay"]],
    ]);
    const fixed = snap.incidents[1]!;
    expect(fixed.updates.map((u) => u.status)).toEqual(["investigating", "monitoring", "resolved"]);
    expect(fixed.resolvedAt?.toISOString()).toBe("2026-03-01T09:30:00.000Z");
    // A permalink that is not a web link is not used.
    expect(fixed.url).toBe("https://status.acme.test/incidents/11");
    expect(snap.incidents[0]!.url).toBe("https://cachet.acme.test/incidents/12");
  });

  it("reads schedules as maintenances", () => {
    expect(snap.maintenances.map((m) => [m.title, m.status, m.components])).toEqual([["Database upgrade", "scheduled", ["Website"]]]);
  });

  it("reads zone-less times in the configured zone", () => {
    expect(parseCachet(payloads(), PAGE, "Europe/Berlin").incidents[0]!.startedAt.toISOString()).toBe("2026-03-08T16:30:00.000Z");
    expect(cachetTime("2026-07-01 12:00:00", "America/New_York")?.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(cachetTime("2026-07-01T12:00:00+02:00", "UTC")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
  });

  it("keeps old Cachet's status-0 incidents as maintenance, and rejects a non-list", () => {
    const s = parseCachet(
      { components: { data: [] }, incidents: { data: [{ id: 5, name: "Old window", status: 0, scheduled_at: "2026-04-01 10:00:00" }] } },
      PAGE,
    );
    expect(s.maintenances.map((m) => [m.externalId, m.status])).toEqual([["incident-5", "scheduled"]]);
    expect(() => parseCachet({ components: { data: "x" } }, PAGE)).toThrow(SourceError);
  });
});

describe("cachet.poll", () => {
  it("reads the four API v1 lists from a local server", async () => {
    const server = await serve({
      "/api/v1/components?per_page=100": { body: read("components.json"), contentType: "application/json" },
      "/api/v1/components/groups?per_page=100": { body: read("groups.json"), contentType: "application/json" },
      "/api/v1/incidents?per_page=50&sort=id&order=desc": { body: read("incidents.json"), contentType: "application/json" },
      "/api/v1/schedules?per_page=50": { body: read("schedules.json"), contentType: "application/json" },
    });
    try {
      const result = await cachet.poll(entry("cachet", server.base, {}), testContext());
      expect(result.kind === "snapshot" && [result.snapshot.components.length, result.snapshot.incidents.length, result.snapshot.maintenances.length]).toEqual([
        3, 2, 1,
      ]);
    } finally {
      await server.close();
    }
  });

  it("works on Cachet versions without schedules (404)", async () => {
    const server = await serve({ "/api/v1/components?per_page=100": { body: read("components.json"), contentType: "application/json" } });
    try {
      const result = await cachet.poll(entry("cachet", server.base, {}), testContext());
      expect(result.kind === "snapshot" && result.snapshot.maintenances).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
