import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { DEFAULT_PROVIDER_IDS } from "../../src/catalog/defaults";
import { builtinCatalog, type CatalogFilter, filterCatalog } from "../../src/catalog/pick-list";
import type { ProviderEntry } from "../../src/sources/types";

const e = (id: string, name: string, category: string, capabilities: string[] = []): ProviderEntry => ({
  id,
  name,
  kind: "statuspage",
  url: `https://status.${id}.test`,
  pollIntervalSeconds: 60,
  category,
  capabilities,
  options: {},
});
const entries = [
  e("zeta", "Zeta Mail", "email-sms", ["email-api"]),
  e("acme-ai", "Acme AI", "ai", ["llm-api", "embeddings"]),
  e("beta", "beta cloud", "cloud", ["object-storage"]),
  e("gamma", "Gamma LLM", "ai", ["llm-api"]),
];

describe("the default set", () => {
  it("is a handful of ids that are all in the built-in catalog and pass its checks", () => {
    const valid = new Set(builtinCatalog(60).entries.map((x) => x.id));
    expect(DEFAULT_PROVIDER_IDS.length).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_PROVIDER_IDS.length).toBeLessThanOrEqual(12);
    expect(DEFAULT_PROVIDER_IDS.filter((id) => !valid.has(id))).toEqual([]);
    expect(new Set(DEFAULT_PROVIDER_IDS).size).toBe(DEFAULT_PROVIDER_IDS.length);
  });

  it("the pick list is the whole valid built-in catalog", () => {
    expect(builtinCatalog(60).problems).toEqual([]);
    expect(
      builtinCatalog(60)
        .entries.map((x) => x.id)
        .sort(),
    ).toEqual(BUILTIN_CATALOG.map((x) => x.id).sort());
    expect(builtinCatalog(60)).toBe(builtinCatalog(60));
  });
});

describe("filterCatalog", () => {
  const cases: [string, CatalogFilter, string[]][] = [
    ["no filter: all, by name ignoring case", {}, ["acme-ai", "beta", "gamma", "zeta"]],
    ["one category", { category: ["ai"] }, ["acme-ai", "gamma"]],
    ["two categories", { category: ["ai", "cloud"] }, ["acme-ai", "beta", "gamma"]],
    ["a capability", { capability: ["llm-api"] }, ["acme-ai", "gamma"]],
    ["any of two capabilities", { capability: ["embeddings", "email-api"] }, ["acme-ai", "zeta"]],
    ["q in the name, any case", { q: "MAIL" }, ["zeta"]],
    ["q in a capability", { q: "storage" }, ["beta"]],
    ["q in the URL", { q: "status.gamma" }, ["gamma"]],
    ["every word of q must match", { q: "acme llm" }, ["acme-ai"]],
    ["a word nowhere", { q: "acme nothing" }, []],
    ["words match from their start only", { q: "cloud" }, ["beta"]],
    ["not inside a word", { q: "eta" }, []],
    ["punctuation separates words", { q: "llm-api" }, ["acme-ai", "gamma"]],
    ["filters combine", { category: ["ai"], q: "gamma" }, ["gamma"]],
    ["blank q is no filter", { q: "   " }, ["acme-ai", "beta", "gamma", "zeta"]],
  ];
  it.each(cases)("%s", (_label, filter, ids) => {
    expect(filterCatalog(entries, filter).map((x) => x.id)).toEqual(ids);
  });
});
