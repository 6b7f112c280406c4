import { DEFAULT_PROVIDER_IDS } from "../../src/catalog/defaults";
import { prepareWatchList, syncCatalog } from "../../src/catalog/sync";
import { builtinCatalog } from "../../src/catalog/pick-list";
import { WatchedProviders } from "../../src/services/watched-providers";
import type { ProviderEntry } from "../../src/sources/types";
import { freshDatabase, type TestDatabase } from "../support/db";
import { entry } from "../support/providers";

const catalog = builtinCatalog(60).entries;
// Not in the default set; whatever the catalog holds.
const other = catalog.find((e) => !(DEFAULT_PROVIDER_IDS as readonly string[]).includes(e.id))!;
const plan = (file?: ProviderEntry[], cat: readonly ProviderEntry[] = catalog) => ({ file, catalog: cat, defaults: DEFAULT_PROVIDER_IDS });

/** Start-up against the providers table: the default set once, PROVIDERS_FILE on its own rows, catalog rows following the catalog. */
describe("what start-up does to the providers table", () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await freshDatabase()));
  afterEach(async () => db.drop());

  const rows = async () =>
    Object.fromEntries(
      (await db.prisma.provider.findMany({ orderBy: { id: "asc" } })).map((p) => [p.id, { origin: p.origin, enabled: p.enabled, removed: !!p.deletedAt }]),
    );
  const watched = async () =>
    (await db.prisma.provider.findMany({ where: { enabled: true, deletedAt: null }, select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);

  it("a fresh install watches the default set, seeded once: what the user removes or purges stays gone", async () => {
    const first = await prepareWatchList(db.prisma, plan());
    expect(first.seeded.sort()).toEqual([...DEFAULT_PROVIDER_IDS].sort());
    expect(await watched()).toEqual([...DEFAULT_PROVIDER_IDS].sort());
    expect(Object.values(await rows()).every((r) => r.origin === "default")).toBe(true);
    // The catalog's kind, URL and options come along: the row is all a poller needs.
    for (const row of await db.prisma.provider.findMany()) {
      const e = catalog.find((c) => c.id === row.id)!;
      expect({ id: row.id, kind: row.kind, url: row.url, options: row.options }).toEqual({ id: e.id, kind: e.kind, url: e.url, options: e.options });
    }

    const edit = new WatchedProviders(db.prisma, () => catalog);
    expect(await edit.remove("anthropic", false)).toBe("removed");
    expect(await edit.remove("openai", true)).toBe("purged");
    expect((await prepareWatchList(db.prisma, plan())).seeded).toEqual([]);
    expect(await watched()).toEqual([...DEFAULT_PROVIDER_IDS].filter((id) => id !== "anthropic" && id !== "openai").sort());

    // Even an emptied table is not seeded again.
    await db.prisma.provider.deleteMany({});
    expect((await prepareWatchList(db.prisma, plan())).seeded).toEqual([]);
    expect(await db.prisma.provider.count()).toBe(0);
  });

  it("an upgraded install (table filled by the old catalog sync) keeps exactly what it had", async () => {
    // The old sync: catalog rows enabled, one no longer in the catalog disabled; the migration marks them `catalog`.
    await db.prisma.provider.create({ data: { id: "github", name: "GitHub", kind: "statuspage", url: "https://www.githubstatus.com" } });
    await db.prisma.provider.create({ data: { id: "gitlab", name: "GitLab", kind: "statuspage", url: "https://status.gitlab.com" } });
    await db.prisma.provider.create({ data: { id: "gone", name: "Gone", kind: "statuspage", url: "https://gone.test", enabled: false } });
    const before = await rows();
    expect((await prepareWatchList(db.prisma, plan())).seeded).toEqual([]);
    expect(await rows()).toEqual(before);
    expect(before.github).toEqual({ origin: "catalog", enabled: true, removed: false });
  });

  it("PROVIDERS_FILE is upserted and overrides; entries it drops are disabled, but never providers added otherwise; no default set", async () => {
    const a = { ...entry("file-a", "statuspage", "https://a.test"), name: "A from the file" };
    const b = entry("file-b", "statuspage", "https://b.test");
    expect((await prepareWatchList(db.prisma, plan([a, b]))).seeded).toEqual([]);
    expect(await rows()).toEqual({
      "file-a": { origin: "file", enabled: true, removed: false },
      "file-b": { origin: "file", enabled: true, removed: false },
    });
    // Added through the API meanwhile: by URL, and picked from the catalog.
    await db.prisma.provider.create({ data: { id: "by-url", name: "By URL", kind: "statuspage", url: "https://c.test", origin: "api" } });
    const edit = new WatchedProviders(db.prisma, () => catalog);
    expect(await edit.pick("github")).toEqual({ kind: "created", id: "github" });
    // The API changed a file provider; the file wins at the next start.
    expect(await edit.update("file-a", { name: "renamed", enabled: false })).toBe(true);

    await prepareWatchList(db.prisma, plan([a]));
    expect(await rows()).toEqual({
      "by-url": { origin: "api", enabled: true, removed: false },
      "file-a": { origin: "file", enabled: true, removed: false },
      "file-b": { origin: "file", enabled: false, removed: false },
      github: { origin: "catalog", enabled: true, removed: false },
    });
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "file-a" } })).name).toBe("A from the file");

    // A file entry that was removed through the API comes back; it overrides an API row of the same id too.
    expect(await edit.remove("file-b", false)).toBe("removed");
    await syncCatalog(db.prisma, [a, b, { ...entry("by-url", "statuspage", "https://c2.test") }]);
    expect(await rows()).toMatchObject({
      "file-b": { origin: "file", enabled: true, removed: false },
      "by-url": { origin: "file", enabled: true, removed: false },
    });
  });

  it("a restart keeps API-added providers watched, with or without a file", async () => {
    await prepareWatchList(db.prisma, plan());
    await db.prisma.provider.create({ data: { id: "by-url", name: "By URL", kind: "statuspage", url: "https://c.test", origin: "api" } });
    await prepareWatchList(db.prisma, plan());
    await prepareWatchList(db.prisma, plan([entry("file-a", "statuspage", "https://a.test")]));
    expect((await rows())["by-url"]).toEqual({ origin: "api", enabled: true, removed: false });
  });

  it("rows picked from the catalog follow its page (kind, URL, options) but keep what the user changed", async () => {
    const edit = new WatchedProviders(db.prisma, () => catalog);
    await prepareWatchList(db.prisma, plan([]));
    await edit.pick(other.id);
    await edit.update(other.id, { name: "Ours", pollIntervalSeconds: 300, category: "ci-cd" });
    await db.prisma.provider.update({ where: { id: other.id }, data: { httpCache: { "https://old.test": { etag: '"1"' } } } });
    expect((await prepareWatchList(db.prisma, plan([]))).refreshed).toEqual([]);

    const moved = catalog.map((e) => (e.id === other.id ? { ...e, url: "https://status.moved.example", capabilities: ["git-hosting"] } : e));
    expect((await prepareWatchList(db.prisma, plan([], moved))).refreshed).toEqual([other.id]);
    const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: other.id } });
    expect(row).toMatchObject({ url: "https://status.moved.example", capabilities: ["git-hosting"], httpCache: {} });
    expect(row).toMatchObject({ name: "Ours", pollIntervalSeconds: 300, category: "ci-cd", origin: "catalog", enabled: true });
  });
});
