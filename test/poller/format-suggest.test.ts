import { describeSuggestion, suggestKind } from "../../src/poller/format-suggest";
import type { Detected, NotDetected } from "../../src/sources/detect";
import { startServer } from "../support/http-server";
import { testHttp } from "../support/providers";

const detected = (kind: string, components: number): Detected => ({
  ok: true,
  kind,
  url: "https://status.acme.test",
  options: {},
  evidence: "https://status.acme.test/summary.json answers Instatus",
  snapshot: {
    components: Array.from({ length: components }, (_, i) => ({ externalId: `c${i}`, name: `C${i}`, status: "operational" as const })),
    incidents: [],
    maintenances: [],
  },
  tried: [],
});

describe("describeSuggestion", () => {
  it.each<[string, Detected | NotDetected, ReturnType<typeof describeSuggestion>]>([
    [
      "another kind fits",
      detected("instatus", 5),
      { kind: "instatus", words: "the page now fits instatus (5 components, 0 incidents): https://status.acme.test/summary.json answers Instatus" },
    ],
    ["the same kind still fits", detected("statuspage", 1), { kind: "statuspage", words: "statuspage still fits the page (1 component, 0 incidents now)" }],
    [
      "nothing fits",
      { ok: false, tried: [{ kind: "page", url: "u", outcome: "404" }] },
      { words: "no kind statuswatch reads fits the page now (tried 1 documents)" },
    ],
    ["the URL was refused: no suggestion", { ok: false, refused: "loopback", tried: [] }, undefined],
  ])("%s", (_what, result, expected) => {
    expect(describeSuggestion("statuspage", result)).toEqual(expected);
  });
});

describe("suggestKind", () => {
  it("gives up after its time bound: no suggestion, no error", async () => {
    const page = await startServer(() => {}); // never answers
    try {
      const started = Date.now();
      const suggestion = await suggestKind({ kind: "statuspage", url: page.url }, testHttp({ timeoutMs: 1_500 }), 300)();
      expect(suggestion).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await page.close();
    }
  });

  it("detects a loopback page it watches without SOURCE_ALLOWLIST, but not a URL that is not one", async () => {
    const page = await startServer((_q, r) => void r.writeHead(200, { "content-type": "text/html" }).end("<html></html>"));
    try {
      const suggestion = await suggestKind({ kind: "statuspage", url: page.url }, testHttp())();
      expect(suggestion?.words).toMatch(/^no kind statuswatch reads fits the page now/);
      expect(page.requests.length).toBeGreaterThan(0);
      expect(await suggestKind({ kind: "statuspage", url: "not a url" }, testHttp())()).toBeUndefined();
    } finally {
      await page.close();
    }
  });
});
