import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { instatus } from "../../src/sources/instatus";
import { parseInstatus } from "../../src/sources/instatus/parse";
import { entry, serve, testContext } from "./local-server";

const read = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/instatus", name), "utf8");
const PAGE = "https://status.acme.test";

describe("parseInstatus", () => {
  const snap = parseInstatus({ summary: JSON.parse(read("summary.json")), components: JSON.parse(read("components.json")) }, PAGE);

  it("maps upper-case component words with their group, leaving out unknown ones", () => {
    expect(snap.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ["Checkout", "Storefront", "partial_outage"],
      ["Search", "Storefront", "operational"],
      ["Public API", undefined, "degraded_performance"],
    ]);
  });

  it("reads HASISSUES as the worst open incident's impact", () => {
    expect(snap.status).toBe("partial_outage");
    expect(snap.statusDescription).toBe("HASISSUES");
  });

  it("reads active incidents and maintenances", () => {
    expect(snap.incidents[0]).toMatchObject({
      externalId: "cltq3dz0x000108l4b5h0a1b2",
      title: "Checkout errors",
      status: "identified",
      impact: "major",
      url: "https://status.acme.test/incident/cltq3dz0x000108l4b5h0a1b2",
    });
    expect(snap.incidents[0]!.startedAt.toISOString()).toBe("2026-03-08T16:30:00.000Z");
    const m = snap.maintenances[0]!;
    expect(m).toMatchObject({ title: "Network upgrade", status: "scheduled" });
    expect(m.scheduledUntil?.toISOString()).toBe("2026-03-08T23:30:00.000Z");
  });

  it("reads an UP page as operational, and rejects a summary without page", () => {
    expect(parseInstatus({ summary: { page: { status: "UP" }, activeIncidents: [], activeMaintenances: [] } }, PAGE).status).toBe("operational");
    expect(() => parseInstatus({ summary: { components: [] } }, PAGE)).toThrow(SourceError);
  });
});

describe("instatus.poll", () => {
  it("reads summary.json and v2/components.json from a local server", async () => {
    const server = await serve({
      "/summary.json": { body: read("summary.json"), contentType: "application/json" },
      "/v2/components.json": { body: read("components.json"), contentType: "application/json" },
    });
    try {
      const result = await instatus.poll(entry("instatus", server.base, {}), testContext());
      expect(result.kind === "snapshot" && result.snapshot.components.length).toBe(3);
    } finally {
      await server.close();
    }
  });
});
