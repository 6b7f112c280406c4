import type { ProviderEntry } from "../sources/types";
import { BUILTIN_CATALOG } from "./builtin";
import { type Catalog, validateCatalog } from "./load";

export interface CatalogFilter {
  category?: readonly string[];
  capability?: readonly string[];
  /** Words that must all appear in the id, name, URL, category or a capability (any case). */
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
  const words = (f.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((e) => !f.category?.length || (e.category !== undefined && f.category.includes(e.category)))
    .filter((e) => !f.capability?.length || f.capability.some((c) => e.capabilities?.includes(c)))
    .filter((e) => {
      if (words.length === 0) return true;
      const text = [e.id, e.name, e.url, e.category ?? "", ...(e.capabilities ?? [])].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}
