import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { RawEntrySchema } from "../../src/catalog/entry-schema";
import { SOURCE_KINDS } from "../../src/sources/registry";

const KINDS = Object.keys(SOURCE_KINDS);

describe("built-in catalog", () => {
  it("has at least 40 providers", () => {
    expect(BUILTIN_CATALOG.length).toBeGreaterThanOrEqual(40);
  });

  it("has unique ids", () => {
    const ids = BUILTIN_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(BUILTIN_CATALOG.map((e) => [e.id, e] as const))("%s passes the entry schema", (_id, entry) => {
    expect(RawEntrySchema.safeParse(entry).success).toBe(true);
  });

  it.each(BUILTIN_CATALOG.map((e) => [e.id, e] as const))("%s uses https and a known kind", (_id, entry) => {
    expect(new URL(entry.url).protocol).toBe("https:");
    expect(KINDS).toContain(entry.kind);
  });

  it("lists the AI providers first", () => {
    const categories = BUILTIN_CATALOG.map((e) => e.category);
    const firstOther = categories.findIndex((c) => c !== "ai");
    expect(firstOther).toBeGreaterThan(0);
    expect(categories.slice(firstOther)).not.toContain("ai");
  });

  it.each(["anthropic", "openai", "github", "aws", "gcp", "slack"])("includes %s", (id) => {
    expect(BUILTIN_CATALOG.some((e) => e.id === id)).toBe(true);
  });
});
