import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { betterstack } from "../../src/sources/betterstack";
import { parseBetterstack } from "../../src/sources/betterstack/parse";
import { entry, serve, testContext } from "./local-server";

const text = fs.readFileSync(path.join(__dirname, "../fixtures/betterstack/index.json"), "utf8");
const PAGE = "https://status.acme.test";
const NOW = new Date("2026-03-08T18:00:00Z");

describe("parseBetterstack", () => {
  const snap = parseBetterstack(JSON.parse(text), PAGE, NOW);

  it("reads the aggregate state and resources with their section", () => {
    expect(snap.status).toBe("degraded_performance");
    expect(snap.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["API", "Core", "degraded_performance"],
      ["Dashboard", "Core", "operational"],
      ["Nightly export", undefined, "major_outage"],
    ]);
  });

  it("reads a report without an end as open, and one that ended as resolved at its end", () => {
    const open = snap.incidents.find((i) => i.externalId === "7001")!;
    expect(open).toMatchObject({ title: "Slow API responses", status: "investigating", impact: "minor", components: ["API"] });
    expect(open.updates.map((u) => u.body)).toEqual(["We are looking into slow API responses.", "A database index rebuild is running; latency is improving."]);
    const done = snap.incidents.find((i) => i.externalId === "7000")!;
    expect(done).toMatchObject({ status: "resolved", impact: "critical", components: ["Nightly export"] });
    expect(done.resolvedAt?.toISOString()).toBe("2026-03-01T03:10:00.000Z");
  });

  it("reads maintenance reports by their window", () => {
    expect(snap.maintenances.map((m) => [m.title, m.status, m.components])).toEqual([["Database upgrade", "scheduled", ["Dashboard"]]]);
    expect(parseBetterstack(JSON.parse(text), PAGE, new Date("2026-03-20T09:30:00Z")).maintenances[0]!.status).toBe("in_progress");
  });

  it("rejects a document that is not JSON:API", () => {
    expect(() => parseBetterstack({ status: "ok" }, PAGE, NOW)).toThrow(SourceError);
  });
});

describe("betterstack.poll", () => {
  it("reads index.json from a local server", async () => {
    const server = await serve({ "/index.json": { body: text, contentType: "application/vnd.api+json" } });
    try {
      const result = await betterstack.poll(entry("betterstack", server.base, {}), testContext());
      expect(result.kind === "snapshot" && result.snapshot.incidents.length).toBe(2);
    } finally {
      await server.close();
    }
  });
});
