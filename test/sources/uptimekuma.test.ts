import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { kumaTarget, uptimekuma } from "../../src/sources/uptimekuma";
import { kumaTime, parseUptimeKuma } from "../../src/sources/uptimekuma/parse";
import { entry, serve, testContext } from "./local-server";

const read = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/uptimekuma", name), "utf8");
const PAGE = "https://kuma.acme.test/status/acme";

describe("parseUptimeKuma", () => {
  const snap = parseUptimeKuma({ page: JSON.parse(read("status-page.json")), heartbeats: JSON.parse(read("heartbeat.json")) }, PAGE);

  it("takes each monitor's latest beat (UP, DOWN, PENDING), skipping monitors without beats", () => {
    expect(snap.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["Website", "Services", "operational"],
      ["Mail", "Services", "major_outage"],
      ["DNS", "Infrastructure", "degraded_performance"],
    ]);
    expect(snap.components[1]!.description).toBe("connect ECONNREFUSED 10.0.0.5:25");
    expect(snap.components[1]!.updatedAt?.toISOString()).toBe("2026-03-08T16:50:00.000Z");
    expect(snap.status).toBe("major_outage");
  });

  it("reads the pinned incident with its style as impact", () => {
    expect(snap.incidents).toHaveLength(1);
    expect(snap.incidents[0]).toMatchObject({ externalId: "4", title: "Mail server down", status: "investigating", impact: "critical" });
    expect(snap.incidents[0]!.startedAt.toISOString()).toBe("2026-03-08T16:50:00.000Z");
  });

  it("reads maintenances with their first time slot", () => {
    expect(snap.maintenances.map((m) => [m.title, m.status, m.scheduledFor?.toISOString()])).toEqual([
      ["Router firmware update", "scheduled", "2026-03-20T09:00:00.000Z"],
    ]);
  });

  it("reads Kuma's zone-less times as UTC and rejects a page without groups", () => {
    expect(kumaTime("2026-03-08 16:50:00.000")?.toISOString()).toBe("2026-03-08T16:50:00.000Z");
    expect(() => parseUptimeKuma({ page: { config: {} } }, PAGE)).toThrow(SourceError);
  });

  it("finds the slug in /status/<slug> URLs", () => {
    expect(kumaTarget("https://kuma.acme.test/status/Acme", {})).toEqual({ base: "https://kuma.acme.test", slug: "acme" });
    expect(kumaTarget("https://acme.test/kuma/status/x/", {})).toEqual({ base: "https://acme.test/kuma", slug: "x" });
    expect(() => kumaTarget("https://kuma.acme.test/", {})).toThrow(/slug/);
  });
});

describe("uptimekuma.poll", () => {
  it("reads the page and heartbeat JSON from a local server", async () => {
    const server = await serve({
      "/api/status-page/acme": { body: read("status-page.json"), contentType: "application/json" },
      "/api/status-page/heartbeat/acme": { body: read("heartbeat.json"), contentType: "application/json" },
    });
    try {
      const result = await uptimekuma.poll(entry("uptimekuma", `${server.base}/status/acme`, {}), testContext());
      expect(result.kind === "snapshot" && result.snapshot.components.length).toBe(3);
    } finally {
      await server.close();
    }
  });
});
