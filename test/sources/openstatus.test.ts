import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { openstatus } from "../../src/sources/openstatus";
import { parseOpenstatus } from "../../src/sources/openstatus/parse";
import { entry, serve, testContext } from "./local-server";

const text = fs.readFileSync(path.join(__dirname, "../fixtures/openstatus/feed.json"), "utf8");
const PAGE = "https://acme.openstatus.dev";
const NOW = new Date("2026-03-08T18:00:00Z");

describe("parseOpenstatus", () => {
  const snap = parseOpenstatus(JSON.parse(text), PAGE, NOW);

  it("maps success/degraded/error of the page and its monitors", () => {
    expect(snap.status).toBe("degraded_performance");
    expect(snap.components.map((c) => [c.name, c.status])).toEqual([
      ["API", "degraded_performance"],
      ["Web", "operational"],
      ["Webhooks", "major_outage"],
    ]);
  });

  it("reads status reports with their updates and monitors", () => {
    const open = snap.incidents.find((i) => i.externalId === "55")!;
    expect(open).toMatchObject({ status: "monitoring", components: ["API"], url: "https://acme.openstatus.dev/events/report/55" });
    expect(open.updates.map((u) => u.status)).toEqual(["investigating", "monitoring"]);
    const done = snap.incidents.find((i) => i.externalId === "54")!;
    expect(done.status).toBe("resolved");
    expect(done.resolvedAt?.toISOString()).toBe("2026-03-02T11:00:00.000Z");
  });

  it("derives a maintenance's state from its window", () => {
    expect(snap.maintenances.map((m) => [m.title, m.status, m.components])).toEqual([["Database upgrade", "scheduled", ["Web"]]]);
    expect(parseOpenstatus(JSON.parse(text), PAGE, new Date("2026-03-21T00:00:00Z")).maintenances[0]!.status).toBe("completed");
  });

  it("rejects a document without monitors or reports", () => {
    expect(() => parseOpenstatus({ status: "operational" }, PAGE, NOW)).toThrow(SourceError);
  });
});

describe("openstatus.poll", () => {
  it("reads feed/json from a local server", async () => {
    const server = await serve({ "/feed/json": { body: text, contentType: "application/json; charset=utf-8" } });
    try {
      const result = await openstatus.poll(entry("openstatus", server.base, {}), testContext());
      expect(result.kind === "snapshot" && result.snapshot.incidents.length).toBe(2);
    } finally {
      await server.close();
    }
  });
});
