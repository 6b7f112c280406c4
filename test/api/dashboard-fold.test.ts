import * as cheerio from "cheerio";
import { syncCatalog } from "../../src/catalog/sync";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, snapshot } from "../support/notify";
import { entry } from "../support/providers";

const HOUR = 3_600_000;

describe("/ with many providers: trouble first and in full, the healthy folded per category", () => {
  let db: TestDatabase;
  let api: TestApi;
  const now = Date.now();
  const ago = (h: number) => new Date(now - h * HOUR);
  const healthyCloud = ["c1", "c2", "c3", "c4", "c5", "c6"];
  const healthyAi = ["a1", "a2", "a3", "a4"];

  beforeAll(async () => {
    db = await freshDatabase();
    const cat = (id: string, category: string) => ({ ...entry(id, "statuspage", `https://status.${id}.test`), category });
    await syncCatalog(db.prisma, [
      ...healthyCloud.map((id) => cat(id, "cloud")),
      cat("down", "cloud"),
      ...healthyAi.map((id) => cat(id, "ai")),
      cat("recovered", "ai"),
      cat("longago", "ai"),
      cat("incident", "ai"),
      cat("oldincident", "ai"),
      cat("dead", "devtools"),
    ]);
    const all = [...healthyCloud, ...healthyAi, "down", "recovered", "longago", "incident", "oldincident"];
    for (const id of all) await ingestSnapshot(db.prisma, id, snapshot({ status: "operational" }), {}, ago(24 * 40));
    const bad = snapshot({
      status: "major_outage",
      components: [
        { externalId: "api", name: "API", status: "major_outage" },
        { externalId: "dash", name: "Dashboard", status: "operational" },
      ],
    });
    await ingestSnapshot(db.prisma, "down", bad, {}, ago(2));
    // Through the real writer: an outage that ended 3 h ago, and one that ended 30 h ago.
    await ingestSnapshot(db.prisma, "recovered", bad, {}, ago(5));
    await ingestSnapshot(db.prisma, "recovered", snapshot({ status: "operational" }), {}, ago(3));
    await ingestSnapshot(db.prisma, "longago", bad, {}, ago(40));
    await ingestSnapshot(db.prisma, "longago", snapshot({ status: "operational" }), {}, ago(30));
    await ingestSnapshot(
      db.prisma,
      "incident",
      snapshot({ status: "operational", incidents: [incident("resolved", 30, { startedAt: ago(10), resolvedAt: ago(5) })] }),
      {},
      ago(4),
    );
    await ingestSnapshot(
      db.prisma,
      "oldincident",
      snapshot({ status: "operational", incidents: [incident("resolved", 30, { startedAt: ago(40), resolvedAt: ago(30) })] }),
      {},
      ago(29),
    );
    await db.prisma.provider.updateMany({ where: { id: { in: all } }, data: { lastSuccessAt: new Date(now), lastPolledAt: new Date(now) } });
    await db.prisma.provider.update({
      where: { id: "dead" },
      data: { lastPolledAt: new Date(now), consecutiveFailures: 4, unreachableSince: ago(1), lastError: "timeout: no answer within 10000 ms" },
    });
    api = await startApi(db.prisma);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const load = async (path = "/") => cheerio.load(await (await fetch(api.url + path)).text());
  const ids = ($: cheerio.CheerioAPI, selector: string) =>
    $(selector)
      .map((_i, li) => $(li).attr("data-provider"))
      .get();

  it("draws providers with a problem now or in the last 24 h first, worst first, each in full with 90 dated bars", async () => {
    const $ = await load();
    expect(ids($, "#attention li[data-provider]")).toEqual(["down", "dead", "incident", "recovered"]);
    expect($("#h-attention").text()).toBe("Needs attention (4)");
    for (const id of ["down", "dead", "incident", "recovered"]) {
      const li = $(`#attention li[data-provider="${id}"]`);
      expect(li.find(".bars li[data-date]")).toHaveLength(90);
      expect(li.find(".barlegend")).toHaveLength(1);
      expect(li.find(".uptime").text()).not.toBe("");
    }
    expect($('#attention li[data-provider="down"] .badge').text()).toBe("✕ Major outage");
    expect($('#attention li[data-provider="down"] .why').text()).toBe("component not operational: API");
    expect($('#attention li[data-provider="dead"] .health').text()).toContain("source unreachable");
    expect($('#attention li[data-provider="recovered"] .why').text()).toBe("degraded or worse in the last 24 h, recovered");
    expect($('#attention li[data-provider="incident"] .why').text()).toBe("an incident in the last 24 h, resolved");
    // Before any folded list, so the first screen answers "is anything wrong?".
    expect($("#attention").index()).toBeLessThan($("#providers section.category").first().index());
  });

  it("folds the healthy providers of each category into one closed line with the right count", async () => {
    const $ = await load();
    const categories = $("#providers section.category")
      .map((_i, s) => [
        [$(s).find("h3").text(), $(s).find("details > summary").text(), $(s).find("details").attr("open") ?? "closed", $(s).find("p.muted").text()],
      ])
      .get();
    expect(categories).toEqual([
      ["ai (8)", "6 providers operational", "closed", "2 providers need attention, shown above."],
      ["cloud (7)", "6 providers operational", "closed", "1 provider needs attention, shown above."],
      ["devtools (1)", "", "closed", "1 provider needs attention, shown above."],
    ]);
    expect($("#category-devtools details")).toHaveLength(0);
    expect(ids($, "#category-ai details li[data-provider]")).toEqual(["A1", "A2", "A3", "A4", "LONGAGO", "OLDINCIDENT"].map((n) => n.toLowerCase()));
    expect(ids($, "#category-cloud details li[data-provider]")).toEqual(healthyCloud);
    // Folded, still with status in words, uptime over the observed span and one dated bar per day.
    const row = $('#category-cloud details li[data-provider="c1"]');
    expect(row.find(".badge").text()).toBe("✓ Operational");
    expect(row.find(".uptime").text()).toMatch(/^100 % over \d+ days$/);
    expect(row.find(".bars li[data-date]")).toHaveLength(90);
    expect(row.find(".bars li").last().attr("data-date")).toBe(new Date(now).toISOString().slice(0, 10));
    // Each provider once on the page.
    expect($("li[data-provider]")).toHaveLength(16);
  });

  it("opens the folded lists when a filter asked for them", async () => {
    const $ = await load("/?category=ai");
    expect($("#providers details").attr("open")).toBe("open");
    expect(ids($, "#attention li[data-provider]")).toEqual(["incident", "recovered"]);
    const found = await load("/?q=c");
    expect(found("#providers details[open]").length).toBeGreaterThan(0);
  });
});
