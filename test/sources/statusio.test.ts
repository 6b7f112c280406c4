import fs from "node:fs";
import path from "node:path";
import { SourceError } from "../../src/sources/errors";
import { statusio, statusioApiUrl } from "../../src/sources/statusio";
import { parseStatusio } from "../../src/sources/statusio/parse";
import { entry, serve, testContext } from "./local-server";

const text = fs.readFileSync(path.join(__dirname, "../fixtures/statusio/gitlab-status.json"), "utf8");
const PAGE = "https://status.gitlab.com";

describe("parseStatusio", () => {
  const snap = parseStatusio(JSON.parse(text), PAGE);

  it("maps status codes of the page and components, and falls back to the worst container", () => {
    expect(snap.status).toBe("partial_outage");
    expect(snap.components.map((c) => [c.name, c.status])).toEqual([
      ["Website", "operational"],
      ["CI/CD - Hosted runners on Linux", "partial_outage"],
      ["Container Registry", "degraded_performance"],
    ]);
  });

  it("reads open incidents with message states in order and the affected components", () => {
    expect(snap.incidents).toHaveLength(1);
    const i = snap.incidents[0]!;
    expect(i).toMatchObject({ externalId: "65eb3a1c0c1a7f05324e1a11", status: "identified", impact: "major", components: ["CI/CD - Hosted runners on Linux"] });
    expect(i.startedAt.toISOString()).toBe("2026-03-08T16:40:00.000Z");
    expect(i.updates.map((u) => u.status)).toEqual(["investigating", "identified"]);
    expect(i.identifiedAt?.toISOString()).toBe("2026-03-08T17:10:00.000Z");
  });

  it("reads upcoming maintenance as scheduled with its window", () => {
    expect(snap.maintenances).toHaveLength(1);
    expect(snap.maintenances[0]).toMatchObject({ title: "Scheduled database maintenance", status: "scheduled", components: ["Website"] });
    expect(snap.maintenances[0]!.scheduledUntil?.toISOString()).toBe("2026-03-14T08:00:00.000Z");
  });

  it("links incidents to the page, and to nothing when the entry is the API URL", () => {
    expect(snap.incidents[0]!.url).toBe(PAGE);
    expect(parseStatusio(JSON.parse(text), "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7").incidents[0]!.url).toBeUndefined();
  });

  it.each([
    ["no result", {}],
    ["a result with no status", { result: { hello: 1 } }],
    ["an array", []],
  ])("rejects %s", (_w, doc) => {
    expect(() => parseStatusio(doc, PAGE)).toThrow(SourceError);
  });
});

describe("statusio.poll", () => {
  it("fetches <apiBase>/1.0/status/<pageId> from a local server", async () => {
    const server = await serve({ "/1.0/status/5b36dc6502d06804c08349f7": { body: text, contentType: "application/json" } });
    try {
      const result = await statusio.poll(entry("statusio", PAGE, { pageId: "5b36dc6502d06804c08349f7", apiBase: server.base }), testContext());
      expect(result.kind).toBe("snapshot");
      if (result.kind === "snapshot") expect(result.snapshot.incidents).toHaveLength(1);
      expect(server.hits).toEqual(["/1.0/status/5b36dc6502d06804c08349f7"]);
    } finally {
      await server.close();
    }
  });

  it("needs a page id unless the URL is the API URL", () => {
    expect(() => statusioApiUrl(PAGE, {})).toThrow(/pageId/);
    expect(statusioApiUrl("https://api.status.io/1.0/status/abc", {})).toBe("https://api.status.io/1.0/status/abc");
    expect(statusioApiUrl(PAGE, { pageId: "abc" })).toBe("https://api.status.io/1.0/status/abc");
  });
});
