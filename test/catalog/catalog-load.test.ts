import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { validateCatalog } from "../../src/catalog/load";
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
});
