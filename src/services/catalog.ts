import { type CatalogFilter, filterCatalog } from "../catalog/pick-list";
import type { ProviderEntry } from "../sources/types";
import type { WatchedProviders } from "./watched-providers";

export interface CatalogItemView {
  id: string;
  name: string;
  kind: string;
  url: string;
  category: string | null;
  capabilities: string[];
  /** The published monthly SLA in short; the full terms are on the provider once watched. */
  sla: { monthlyPercent: number; source: string } | null;
  watched: boolean;
}

/** The built-in catalog as a list to pick from, each entry saying whether it is watched now. */
export class CatalogService {
  constructor(
    private readonly entries: () => readonly ProviderEntry[],
    private readonly watched: WatchedProviders,
  ) {}

  async list(filter: CatalogFilter): Promise<CatalogItemView[]> {
    const watched = await this.watched.watchedIds();
    return filterCatalog(this.entries(), filter).map((e) => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      url: e.url,
      category: e.category ?? null,
      capabilities: e.capabilities ?? [],
      sla: e.sla ? { monthlyPercent: e.sla.monthlyPercent, source: e.sla.source } : null,
      watched: watched.has(e.id),
    }));
  }
}
