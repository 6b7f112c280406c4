import * as cheerio from "cheerio";
import { syncCatalog } from "../../src/catalog/sync";
import { startApi, type TestApi } from "../support/api";
import { daysAgo, HOSTILE, seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";
import { entry } from "../support/providers";

describe("the status dashboard at /", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    await seedDashboard(db.prisma);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const load = async (path = "/") => {
    const res = await fetch(api.url + path);
    const html = await res.text();
    return { res, html, $: cheerio.load(html) };
  };
  const cells = ($: cheerio.CheerioAPI, row: ReturnType<cheerio.CheerioAPI>) =>
    row
      .find("td")
      .map((_i, td) => $(td).text())
      .get();

  it("says what is wrong: providers with a problem and sources that cannot be read, never 'operational'", async () => {
    const { res, $ } = await load();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const summary = $("#summary").text();
    expect(summary).toContain("1 of 3 providers report a problem.");
    expect(summary).toContain("1 source cannot be read.");
    expect(summary).not.toMatch(/all .* operational/i);
  });

  it("lists the open incident, the maintenance in progress and the upcoming one first, each linking to its page", async () => {
    const { $ } = await load();
    const order = $("main > section")
      .map((_i, s) => $(s).attr("id"))
      .get();
    expect(order.slice(0, 4)).toEqual(["incidents", "maintenances", "upcoming", "providers"]);
    const incidentRow = $("#incidents tbody tr");
    expect(incidentRow).toHaveLength(1);
    // "Affected" names API once although the page listed it twice.
    expect(cells($, incidentRow)).toEqual(["Acme <b>Cloud</b>", HOSTILE, "identified", "major", "API, Dashboard", "2026-11-20 10:00 UTC"]);
    expect($("#maintenances tbody tr a[href^='/maintenances/']").text()).toBe("Database <upgrade>");
    expect($("#upcoming tbody tr a[href^='/maintenances/']").text()).toMatch(/^Network; move, with\r?\nEND:VEVENT <b>$/);
    for (const href of $("#incidents a, #maintenances a, #upcoming a")
      .map((_i, a) => $(a).attr("href"))
      .get()) {
      expect((await fetch(api.url + href)).status).toBe(200);
    }
  });

  it("groups providers by category with status, uptime over the observed span and 90 daily bars", async () => {
    const { $ } = await load();
    expect(
      $("#providers section.category h3")
        .map((_i, h) => $(h).text())
        .get(),
    ).toEqual(["ai (1)", "cloud (2)"]);
    const status = Object.fromEntries(
      $("#providers li[data-provider]")
        .map((_i, li) => [[$(li).attr("data-provider"), $(li).find(".badge").first().text()]])
        .get(),
    );
    expect(status).toEqual({ acme: "◆ Partial outage", calm: "✓ Operational", dead: "? Unknown" });
    const uptime = Object.fromEntries(
      $("#providers li[data-provider]")
        .map((_i, li) => [[$(li).attr("data-provider"), $(li).find(".uptime").text()]])
        .get(),
    );
    expect(uptime.acme).toMatch(/^\d{2}\.\d{2} % over \d+ days$/);
    expect(uptime.calm).toMatch(/^\d{2}\.\d{2} % over \d+ days$/);
    expect(uptime.dead).toBe("no history yet");
    const calmBars = $('li[data-provider="calm"] .bars li');
    expect(calmBars).toHaveLength(90);
    expect(calmBars.last().attr("data-date")).toBe(daysAgo(0));
    expect($(`li[data-provider="calm"] .bars li[data-date="${daysAgo(3)}"]`).attr("class")).toBe("x");
    // A good day carries no class: green is the bars' default colour.
    expect($(`li[data-provider="calm"] .bars li[data-date="${daysAgo(4)}"]`).attr("class")).toBeUndefined();
    expect($(`li[data-provider="calm"] .bars li[data-date="${daysAgo(4)}"]`).attr("title")).toBeUndefined();
    expect($(`li[data-provider="calm"] .bars li[data-date="${daysAgo(3)}"]`).attr("title")).toMatch(
      /worst major outage, 91\.67 % up, 2\.0 h weighted downtime/,
    );
    // Never observed: before statuswatch started watching, and a provider it never read.
    expect($(`li[data-provider="calm"] .bars li[data-date="${daysAgo(60)}"]`).attr("class")).toBe("n");
    expect($('li[data-provider="dead"] .bars li.n')).toHaveLength(90);
    expect($('li[data-provider="dead"] .health').text()).toContain("source unreachable");
  });

  it("tells recent changes in words, each linked to its incident, maintenance or provider", async () => {
    const { $ } = await load();
    const rows = $("#recent tbody tr")
      .map((_i, tr) => [[$(tr).find("td").eq(2).text(), $(tr).find("td").eq(2).find("a").attr("href")]])
      .get();
    const byText = Object.fromEntries(rows.map((r: unknown) => r as [string, string]));
    expect(byText["API: operational → partial outage"]).toBe("/providers/acme");
    expect(byText[`Incident opened: ${HOSTILE}`]).toMatch(/^\/incidents\/\d+$/);
    expect(Object.entries(byText).some(([text, href]) => text.startsWith("Maintenance started: Database") && /^\/maintenances\/\d+$/.test(href))).toBe(true);
    expect(
      $("#recent thead th")
        .map((_i, th) => $(th).text())
        .get(),
    ).toEqual(["Seen", "Provider", "Change", "Page time"]);
  });

  it("escapes every upstream string and drops links that are not http(s)", async () => {
    for (const path of ["/", "/providers/acme"]) {
      const { html, $ } = await load(path);
      expect($("img, script, b, i, upgrade")).toHaveLength(0);
      expect(html).not.toContain("javascript:");
    }
  });

  it("forbids scripts through its Content-Security-Policy, posts forms only to itself, refreshes itself", async () => {
    const { res, $ } = await load();
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("script-src");
    expect($('meta[http-equiv="refresh"]').attr("content")).toBe("30");
  });

  it("navigates by category and filters by name with a GET form; refuses an unknown category with problem+json", async () => {
    const { $ } = await load();
    expect(
      $("nav a")
        .map((_i, a) => $(a).attr("href"))
        .get(),
    ).toEqual(["/", "/?category=ai", "/?category=cloud"]);
    expect($("nav form").attr("method")).toBe("get");
    const ai = await load("/?category=ai");
    expect(
      ai
        .$("#providers li[data-provider]")
        .map((_i, li) => ai.$(li).attr("data-provider"))
        .get(),
    ).toEqual(["calm"]);
    expect(ai.$("#incidents .empty").text()).toBe("No open incidents.");
    const found = await load("/?q=dead&category=");
    expect(
      found
        .$("#providers li[data-provider]")
        .map((_i, li) => found.$(li).attr("data-provider"))
        .get(),
    ).toEqual(["dead"]);
    expect(found.$("#summary").text()).toContain("1 of 3 providers report a problem.");
    const bad = await fetch(api.url + "/?category=nope");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/application\/problem\+json/);
  });

  describe("an incident's page", () => {
    const incidentId = async () => (await db.prisma.incident.findFirstOrThrow({ where: { providerId: "acme" } })).id;

    it("tells the incident oldest update first, markup shown as text, with its transitions", async () => {
      const { res, $, html } = await load(`/incidents/${await incidentId()}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect($("header h1").text()).toBe(`Acme <b>Cloud</b>: ${HOSTILE}`);
      expect($("img, script, b")).toHaveLength(0);
      expect(html).not.toContain("javascript:");
      expect(
        $("#updates .update h3")
          .map((_i, el) => $(el).contents().first().text().trim())
          .get(),
      ).toEqual(["investigating", "identified"]);
      expect($("#updates .update").first().text()).toContain("Update 0: we are investigating & working on it");
      expect(
        $("#transitions li")
          .map((_i, li) => $(li).contents().first().text().trim())
          .get(),
      ).toEqual(["opened: investigating", "investigating → identified"]);
      expect($("#affected").text()).toContain("API, Dashboard");
      expect($("#affected").text()).not.toContain("API, Dashboard, API");
      expect($('main a[href="/providers/acme"]')).toHaveLength(1);
    });

    it("answers 404 for an unknown incident and 400 for a malformed id", async () => {
      expect((await fetch(`${api.url}/incidents/999999`)).status).toBe(404);
      expect((await fetch(`${api.url}/incidents/abc`)).status).toBe(400);
    });
  });

  it("has a page for a maintenance too: its window, updates oldest first, markup as text", async () => {
    const id = (await db.prisma.maintenance.findFirstOrThrow({ where: { providerId: "acme", externalId: "m1" } })).id;
    const { res, $ } = await load(`/maintenances/${id}`);
    expect(res.status).toBe(200);
    expect($("header h1").text()).toBe("Acme <b>Cloud</b>: Database <upgrade>");
    expect($("header p").text()).toBe("in progress · window 2026-11-21 01:00 UTC – 2026-11-21 03:00 UTC");
    expect($("script, upgrade")).toHaveLength(0);
    expect(
      $("#updates .update")
        .map((_i, el) => [[$(el).find("h3").text(), $(el).contents().last().text()]])
        .get(),
    ).toEqual([
      ["scheduled 2026-11-19 09:00 UTC", "Planned & announced"],
      ["in progress 2026-11-20 10:05 UTC", "Started now"],
    ]);
    expect((await fetch(`${api.url}/maintenances/999999`)).status).toBe(404);
  });
});

describe("the dashboard's header when nothing can be read", () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });
  const summary = async () =>
    cheerio
      .load(await (await fetch(api.url + "/")).text())("#summary")
      .text();

  it("never says 'operational' with zero providers or with every source unreachable", async () => {
    expect(await summary()).toBe("No providers are watched yet.");
    await syncCatalog(db.prisma, [entry("one", "statuspage", "https://one.test"), entry("two", "statuspage", "https://two.test")]);
    await db.prisma.provider.updateMany({
      data: { status: "operational", consecutiveFailures: 3, unreachableSince: new Date(), lastError: "unreachable: ECONNREFUSED" },
    });
    const text = await summary();
    expect(text).toBe("2 sources cannot be read. No provider reports a problem, but not every status is known.");
    expect(text).not.toMatch(/are operational/);
  });
});
