import * as cheerio from "cheerio";
import { syncCatalog } from "../../src/catalog/sync";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, snapshot } from "../support/notify";
import { entry } from "../support/providers";

const HOSTILE = `Errors <img src=x onerror="alert(1)"> & <script>alert(2)</script>`;

describe("the status dashboard at /", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    await syncCatalog(db.prisma, [
      { ...entry("acme", "statuspage", "https://status.acme.test"), name: "Acme <b>Cloud</b>", category: "cloud" },
      { ...entry("calm", "statuspage", "https://status.calm.test"), name: "Calm AI", category: "ai" },
    ]);
    const t = new Date("2026-11-20T10:00:00Z");
    // First sync is backfill; the second brings a live incident with hostile markup and a script URL.
    await ingestSnapshot(db.prisma, "acme", snapshot({ status: "operational" }), {}, t);
    await ingestSnapshot(db.prisma, "calm", snapshot({ status: "operational" }), {}, t);
    await ingestSnapshot(
      db.prisma,
      "acme",
      snapshot({
        status: "partial_outage",
        statusDescription: "Partial <i>System</i> Outage",
        components: [
          { externalId: "api", name: "API", status: "partial_outage" },
          { externalId: "dash", name: "Dashboard", status: "operational" },
        ],
        incidents: [incident("identified", 10, { title: HOSTILE, url: "javascript:alert(3)" })],
        maintenances: [
          {
            externalId: "m1",
            title: "Database <upgrade>",
            status: "in_progress",
            impact: "none",
            url: "https://status.acme.test/incidents/m1",
            scheduledFor: new Date("2026-11-21T01:00:00Z"),
            scheduledUntil: new Date("2026-11-21T03:00:00Z"),
            components: ["API"],
            updates: [
              { externalId: "mu2", status: "in_progress", body: "<p>Started <script>x()</script>now</p>", at: new Date("2026-11-20T10:05:00Z") },
              { externalId: "mu1", status: "scheduled", body: "<p>Planned &amp; announced</p>", at: new Date("2026-11-19T09:00:00Z") },
            ],
          },
        ],
      }),
      {},
      new Date("2026-11-20T10:15:00Z"),
    );
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

  it("shows open incidents, every provider with its status, and recent live changes", async () => {
    const { res, $ } = await load();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect($("header p").text()).toContain("1 of 2 providers report a problem.");
    const incidentRow = $("#incidents tbody tr");
    expect(incidentRow).toHaveLength(1);
    expect(incidentRow.find("td").map((_i, td) => $(td).text()).get()).toEqual(["Acme <b>Cloud</b>", HOSTILE, "identified", "major", "API, Dashboard", "2026-11-20 10:00 UTC"]);
    const providers = $("#providers tbody tr").map((_i, tr) => [[$(tr).attr("data-provider"), $(tr).find(".badge").text()]]).get();
    expect(providers).toEqual([
      ["acme", "Partial outage"],
      ["calm", "Operational"],
    ]);
    // Uptime of the least available component over 30 days: Acme's API has been at partial outage since the 20th.
    const uptime = Object.fromEntries($("#providers tbody tr").map((_i, tr) => [[$(tr).attr("data-provider"), $(tr).find("td.uptime").text()]]).get());
    expect(uptime.calm).toBe("100 %");
    expect(uptime.acme).toMatch(/^\d{2}\.\d{2} %$/);
    expect(parseFloat(uptime.acme!)).toBeLessThan(100);
    const changes = $("#recent tbody tr td:nth-child(3)").map((_i, td) => $(td).text()).get();
    expect(changes).toContain("component status changed: API (operational → partial_outage)");
    expect(changes.some((c) => c.startsWith("incident opened: Errors <img"))).toBe(true);
    // Seen-time first (the order statuswatch saw them), the page's own time last.
    expect($("#recent thead th").map((_i, th) => $(th).text()).get()).toEqual(["Seen", "Provider", "Change", "Page time"]);
    const opened = $("#recent tbody tr").filter((_i, tr) => $(tr).text().includes("incident opened")).first();
    expect(opened.find("td").last().text()).toBe("2026-11-20 10:00 UTC");
    // Backfill (the first syncs) is history, not news.
    expect(changes.filter((c) => c.includes("provider status changed") && c.includes("(operational)"))).toEqual([]);
  });

  it("escapes every upstream string and drops links that are not http(s)", async () => {
    const { html, $ } = await load();
    expect($("img")).toHaveLength(0);
    expect($("script")).toHaveLength(0);
    expect($("b, i")).toHaveLength(0);
    expect(html).not.toContain("javascript:");
    // The incident links to its own page here; the page's javascript: URL is dropped.
    expect($("#incidents a").map((_i, a) => $(a).attr("href")).get()).toEqual([expect.stringMatching(/^\/incidents\/\d+$/)]);
    expect($('#providers a[href="https://status.acme.test/"]').text()).toBe("Acme <b>Cloud</b>");
    expect($("#providers tbody tr").first().find("td").eq(2).text()).toBe("Partial <i>System</i> Outage");
  });

  it("forbids scripts through its Content-Security-Policy and refreshes itself", async () => {
    const { res, $ } = await load();
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).not.toContain("script-src");
    expect($('meta[http-equiv="refresh"]').attr("content")).toBe("30");
  });

  it("filters by category and refuses an unknown one with problem+json", async () => {
    const ai = await load("/?category=ai");
    expect(ai.$("#providers tbody tr").map((_i, tr) => ai.$(tr).attr("data-provider")).get()).toEqual(["calm"]);
    expect(ai.$("#incidents .empty").text()).toBe("No open incidents.");
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
      expect($("#updates .update h3").map((_i, el) => $(el).contents().first().text().trim()).get()).toEqual(["investigating", "identified"]);
      expect($("#updates .update").first().text()).toContain("Update 0: we are investigating & working on it");
      expect($("#transitions li").map((_i, li) => $(li).contents().first().text().trim()).get()).toEqual(["opened: investigating", "investigating → identified"]);
      expect($("#affected").text()).toContain("API, Dashboard");
    });

    it("answers 404 for an unknown incident and 400 for a malformed id", async () => {
      expect((await fetch(`${api.url}/incidents/999999`)).status).toBe(404);
      expect((await fetch(`${api.url}/incidents/abc`)).status).toBe(400);
    });
  });

  it("has a page for a maintenance too: its window, updates oldest first, markup as text", async () => {
    const id = (await db.prisma.maintenance.findFirstOrThrow({ where: { providerId: "acme" } })).id;
    const { res, $ } = await load(`/maintenances/${id}`);
    expect(res.status).toBe(200);
    expect($("header h1").text()).toBe("Acme <b>Cloud</b>: Database <upgrade>");
    expect($("header p").text()).toBe("in progress · window 2026-11-21 01:00 UTC – 2026-11-21 03:00 UTC");
    expect($("script, upgrade")).toHaveLength(0);
    expect($("#updates .update").map((_i, el) => [[$(el).find("h3").text(), $(el).contents().last().text()]]).get()).toEqual([
      ["scheduled 2026-11-19 09:00 UTC", "Planned & announced"],
      ["in progress 2026-11-20 10:05 UTC", "Started now"],
    ]);
    expect((await fetch(`${api.url}/maintenances/999999`)).status).toBe(404);
  });
});
