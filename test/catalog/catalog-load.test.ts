import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CatalogFileError, loadCatalog, validateCatalog } from "../../src/catalog/load";
import { ConfigError } from "../../src/config";
import { startApi } from "../support/api";
import { freshDatabase } from "../support/db";
import { syncCatalog } from "../../src/catalog/sync";

describe("catalog loading", () => {
  it("accepts every built-in entry with its kind's options", () => {
    const catalog = validateCatalog(BUILTIN_CATALOG, 60);
    expect(catalog.problems).toEqual([]);
    expect(catalog.entries.length).toBe(BUILTIN_CATALOG.length);
    expect(catalog.entries.length).toBeGreaterThanOrEqual(40);
  });

  it("reports a bad entry by id and field and keeps the good ones", () => {
    const catalog = validateCatalog(
      [
        { id: "ok", name: "OK", kind: "statuspage", url: "https://ok.test" },
        { id: "nourl", name: "No URL", kind: "statuspage", url: "ftp://x" },
        { id: "badkind", name: "Bad kind", kind: "gopher", url: "https://x.test" },
        { id: "badopts", name: "Bad options", kind: "statuspage", url: "https://x.test", options: { surprise: 1 } },
        { id: "ok", name: "Duplicate", kind: "statuspage", url: "https://dup.test" },
        "not even an object",
      ],
      60,
    );
    expect(catalog.entries.map((e) => e.id)).toEqual(["ok"]);
    expect(catalog.problems.map((p) => `${p.entry}/${p.field}`)).toEqual(["nourl/url", "badkind/kind", "badopts/options", "ok/id", "#5/(entry)"]);
  });

  it("keeps capabilities and named alternatives, and refuses malformed ones", async () => {
    const catalog = validateCatalog(
      [
        { id: "llm-a", name: "A", kind: "statuspage", url: "https://a.test", capabilities: ["llm-api"], alternatives: ["llm-b"] },
        { id: "llm-b", name: "B", kind: "statuspage", url: "https://b.test", capabilities: ["LLM API"] },
        { id: "llm-c", name: "C", kind: "statuspage", url: "https://c.test", alternatives: ["Not An Id"] },
      ],
      60,
    );
    expect(catalog.entries.map((e) => [e.id, e.capabilities, e.alternatives])).toEqual([["llm-a", ["llm-api"], ["llm-b"]]]);
    expect(catalog.problems.map((p) => `${p.entry}/${p.field}`)).toEqual(["llm-b/capabilities.0", "llm-c/alternatives.0"]);
    const db = await freshDatabase();
    try {
      await syncCatalog(db.prisma, catalog.entries);
      const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: "llm-a" } });
      expect([row.capabilities, row.alternatives]).toEqual([["llm-api"], ["llm-b"]]);
    } finally {
      await db.drop();
    }
  });

  it("filters providers by category in the API", async () => {
    const db = await freshDatabase();
    const api = await startApi(db.prisma);
    try {
      await syncCatalog(db.prisma, validateCatalog(BUILTIN_CATALOG, 60).entries);
      const all = await api.get("/api/v1/providers");
      expect(all.body.data.length).toBeGreaterThanOrEqual(40);
      const ai = await api.get("/api/v1/providers?category=ai");
      expect(ai.body.data.length).toBeGreaterThan(5);
      expect(ai.body.data.every((p: { category: string }) => p.category === "ai")).toBe(true);
      expect(ai.body.data.map((p: { id: string }) => p.id)).toContain("anthropic");
    } finally {
      await api.close();
      await db.drop();
    }
  });

  describe("PROVIDERS_FILE errors a person can act on", () => {
    let dir: string;
    beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-catalog-"))));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = (text: string) => {
      const f = path.join(dir, `p${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(f, text);
      return f;
    };
    const failure = (f: string) => {
      try {
        loadCatalog(f, 60);
      } catch (err) {
        return err as Error;
      }
      throw new Error("expected loadCatalog to fail");
    };

    it("names the valid kinds when a kind is unknown", () => {
      const { problems } = validateCatalog([{ id: "x", name: "X", kind: "statuspages", url: "https://x.test" }], 60);
      expect(problems).toEqual([
        {
          entry: "x",
          field: "kind",
          message:
            'unknown kind "statuspages"; valid kinds: statuspage, incidentio, feed, gcp, aws, azure, slack, html, downdetector, probe, statusio, instatus, betterstack, cachet, openstatus, uptimekuma',
        },
      ]);
    });

    it("stops the start with every reason when no entry is valid, instead of watching nothing", () => {
      const f = file(
        JSON.stringify([
          { id: "a", name: "A", kind: "gopher", url: "https://a.test" },
          { id: "b", name: "B", kind: "statuspage", url: "ftp://b" },
        ]),
      );
      const err = failure(f);
      expect(err).toBeInstanceOf(CatalogFileError);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toBe(
        `PROVIDERS_FILE ${f} has no valid provider: a kind: unknown kind "gopher"; valid kinds: statuspage, incidentio, feed, gcp, aws, azure, slack, html, downdetector, probe, statusio, instatus, betterstack, cachet, openstatus, uptimekuma; b url: must be an http(s) URL`,
      );
    });

    it("still starts when some entries are valid, and with an empty list on purpose", () => {
      const some = loadCatalog(
        file(
          JSON.stringify([
            { id: "a", name: "A", kind: "gopher", url: "https://a.test" },
            { id: "ok", name: "OK", kind: "statuspage", url: "https://ok.test" },
          ]),
        ),
        60,
      );
      expect(some.entries.map((e) => e.id)).toEqual(["ok"]);
      expect(loadCatalog(file("[]"), 60)).toEqual({ entries: [], problems: [] });
    });

    it.each([
      ['[\n  { "id": "a", }\n]', 2, 16, "trailing comma before '}'"],
      ['[\n  { "id": "a" "name": "A" }\n]', 2, 15, "unexpected \"\\\"\"; expected ',' or '}'"],
      ['[\n  { id: "a" }\n]', 2, 5, 'unexpected "i"; expected a property name in double quotes'],
      ['[\n  { "id": secret }\n]', 2, 11, 'unexpected "s"; expected a value'],
      ['[\n  { "id": "a" }', 2, 16, "unexpected end of file; expected ',' or ']'"],
      ["[]\n]", 2, 1, 'unexpected "]" after the end of the JSON value'],
      ["", 1, 1, "unexpected end of file; expected a value"],
    ])("invalid JSON %j is reported at line %i, column %i", (text, line, column, reason) => {
      const f = file(text);
      expect(failure(f).message).toBe(`PROVIDERS_FILE ${f} is not valid JSON: line ${line}, column ${column}: ${reason}`);
    });
  });
});
