import type { ProviderEntry } from "../sources/types";
import { BUILTIN_CATALOG } from "./builtin";
import { type Catalog, validateCatalog } from "./load";

export interface CatalogFilter {
  category?: readonly string[];
  capability?: readonly string[];
  /** Words that must each begin a word of the id, name, URL, category or a capability (any case): `git` finds GitHub, not DigitalOcean. */
  q?: string;
}

const cache = new Map<number, Catalog>();

/** The built-in catalog validated once per default interval: the list users pick from. */
export function builtinCatalog(defaultIntervalSeconds: number): Catalog {
  let c = cache.get(defaultIntervalSeconds);
  if (!c) cache.set(defaultIntervalSeconds, (c = validateCatalog(BUILTIN_CATALOG, defaultIntervalSeconds)));
  return c;
}

/** Entries matching every given filter, by name. */
export function filterCatalog(entries: readonly ProviderEntry[], f: CatalogFilter): ProviderEntry[] {
  const words = (f.q ?? "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return entries
    .filter((e) => !f.category?.length || (e.category !== undefined && f.category.includes(e.category)))
    .filter((e) => !f.capability?.length || f.capability.some((c) => e.capabilities?.includes(c)))
    .filter((e) => {
      if (words.length === 0) return true;
      const tokens = [e.id, e.name, e.url, e.category ?? "", ...(e.capabilities ?? [])]
        .join(" ")
        .toLowerCase()
        .split(/[^a-z0-9]+/);
      return words.every((w) => tokens.some((t) => t.startsWith(w)));
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}
