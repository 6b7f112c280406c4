import * as cheerio from "cheerio";
import { OUTAGES_PER_PAGE } from "../../src/api/routers/outage-pages";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig } from "../support/notify";
import { HOSTILE, HOSTILE_COMPONENT, HOSTILE_PROBE, HOSTILE_PROVIDER, seedOutages } from "../support/outage-seed";

jest.setTimeout(60_000);

let db: TestDatabase;
let api: TestApi;
let seeded: Awaited<ReturnType<typeof seedOutages>>;

beforeAll(async () => {
  db = await freshDatabase();
  seeded = await seedOutages(db.prisma);
  api = await startApi(db.prisma, { notify: { apiKey: API_KEY, config: notifyConfig() } });
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const load = async (path: string) => {
  const res = await fetch(api.url + path);
  const html = await res.text();
  return { res, html, $: cheerio.load(html) };
};
const texts = ($: cheerio.CheerioAPI, selector: string) =>
  $(selector)
    .map((_i, el) => $(el).text().trim())
    .get();
const fact = ($: cheerio.CheerioAPI, name: string) => $(`#story dt:contains("${name}")`).next("dd");

describe("an outage's page, /outages/:id", () => {
  it("tells a confirmed outage: provider, status, signals with counts and times, the page's acknowledgement, lead, duration, components", async () => {
    const { res, $ } = await load(`/outages/${seeded.confirmed.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect($("header h1").text()).toBe(`${HOSTILE_PROVIDER}: Outage #${seeded.confirmed.id}`);
    expect($("meta[http-equiv=refresh]")).toHaveLength(0);
    expect(fact($, "Provider").find("a").attr("href")).toBe("/providers/acme");
    expect(fact($, "Status").find(".badge").attr("data-state")).toBe("ended");
    expect(fact($, "Status").text()).toContain("acknowledged it and has resolved its incident");
    expect(fact($, "First signal").text()).toMatch(/^2026-11-30 09:00 UTC \(\d+ (h|d)[^)]* ago\)$/);
    expect(fact($, "statuswatch suspected it").text()).toContain("2026-11-30 09:00 UTC");
    const ack = fact($, "Status page acknowledged");
    expect(ack.find("time").text()).toBe("2026-11-30 09:30 UTC");
    expect(ack.find("a").attr("href")).toBe(`/incidents/${seeded.confirmed.incidentId}`);
    expect(ack.find("a").text()).toBe(HOSTILE);
    expect(fact($, "Lead time").text()).toBe(`statuswatch warned 30 min before ${HOSTILE_PROVIDER}'s status page acknowledged it.`);
    expect(fact($, "Duration").text()).toBe("1 h 40 min, from the first signal to the page's resolution");
    expect(fact($, "Affected").text()).toBe(`API (status page), ${HOSTILE_COMPONENT} (your reports)`);

    const rows = $("#signals tbody tr")
      .map((_i, tr) => [
        [
          $(tr).attr("data-signal"),
          ...$(tr)
            .find("td")
            .map((_j, td) => $(td).text())
            .get(),
        ],
      ])
      .get();
    expect(rows).toEqual([
      ["crowd", "Crowd reports", "5", "2026-11-30 09:00 UTC", "2026-11-30 09:20 UTC", "5 of 33 points elevated; peak 220 reports (usual 2)"],
      [
        "reports",
        "Your people's reports (not cited)",
        "2",
        "2026-11-30 09:04 UTC",
        "2026-11-30 09:12 UTC",
        `2 affected (errors, slow); components: ${HOSTILE_COMPONENT}; 1 said not affected`,
      ],
      ["probe", "Probes", "3", "2026-11-30 09:00 UTC", "2026-11-30 09:20 UTC", `3 of 12 checks failed; last saw: ${HOSTILE_PROBE}`],
      ["component", "Component flickers on the status page (not cited)", "3", "2026-11-30 09:10 UTC", "2026-11-30 09:31 UTC", "3 changes (API ×3)"],
    ]);
    // Why it was raised: the reasons of its outage_suspected event, written by the detector.
    expect($("#signals .reasons li").first().attr("data-signal")).toBe("crowd");
    expect($("#signals .reasons li").first().text()).toMatch(/^crowd: 40 reports in 5 min, usually 2/);
  });

  it("shows the incident with its updates in order, links its page, and a timeline in time order with offsets from the first signal", async () => {
    const { $ } = await load(`/outages/${seeded.confirmed.id}`);
    const link = $(`#incident a[href="/incidents/${seeded.confirmed.incidentId}"]`);
    expect(link.text()).toBe(HOSTILE);
    expect((await fetch(api.url + link.attr("href"))).status).toBe(200);
    expect($('#incident a[href="https://status.acme.test/incidents/inc1"]').text()).toBe("on the provider's status page");
    expect(texts($, "#incident .update h3").map((t) => t.replace(/\s+2026.*$/, ""))).toEqual(["investigating", "Identified <fix>", "resolved"]);
    expect($("#incident .update").first().text()).toContain("We are investigating & errors");

    const items = $("#timeline li");
    const times = items.map((_i, li) => $(li).find("time").attr("datetime")).get();
    expect(times).toEqual([...times].sort());
    expect(items.first().text()).toBe("2026-11-30 09:00 UTC ±0 Crowd reports rose: 40 (usual 2)");
    expect(texts($, '#timeline li[data-kind="page"]')).toEqual([
      `2026-11-30 09:30 UTC +30 min ${HOSTILE_PROVIDER}'s status page acknowledged it (investigating): ${HOSTILE}`,
      "2026-11-30 10:00 UTC +1 h Status page: Identified <fix>",
      "2026-11-30 10:40 UTC +1 h 40 min Status page: resolved",
    ]);
    expect(items.last().text()).toBe("2026-11-30 10:40 UTC +1 h 40 min The status page resolved its incident");
    expect(texts($, "#timeline li")).toContain(`2026-11-30 09:00 UTC ±0 Probe failed: ${HOSTILE_PROBE}`);
  });

  it("escapes every upstream and user-supplied string: provider name, incident title, update bodies, report components, probe details", async () => {
    const { html, $ } = await load(`/outages/${seeded.confirmed.id}`);
    expect($("script, img, b, fix")).toHaveLength(0);
    expect(html).not.toMatch(/<(script|img|b)[\s>]/);
    expect(html).toContain("API &lt;img src=x onerror=&quot;alert(5)&quot;&gt;");
    expect(html).toContain("HTTP 503 &lt;script&gt;alert(6)&lt;/script&gt;");
    expect($("title").text()).toBe(`${HOSTILE_PROVIDER}: Outage #${seeded.confirmed.id} · statuswatch`);
  });

  it("says so honestly when the page has not acknowledged a suspected outage yet, and reloads itself", async () => {
    const { res, $ } = await load(`/outages/${seeded.suspected.id}`);
    expect(res.status).toBe(200);
    expect($("header h1").text()).toBe(`Calm AI: Possible outage #${seeded.suspected.id}`);
    expect($("meta[http-equiv=refresh]").attr("content")).toBe("60");
    expect(fact($, "Status").find(".badge").text()).toContain("Suspected");
    expect(fact($, "Status page acknowledged").text()).toBe("Not yet.");
    expect(fact($, "Lead time").text()).toMatch(/^Not acknowledged yet, 2\d min after statuswatch suspected it\.$/);
    expect(fact($, "Duration").text()).toMatch(/^2\d min so far, from the first signal to now$/);
    expect($("#no-incident").text()).toBe("No incident yet: Calm AI's status page has not acknowledged this outage. It appears here when the page opens one.");
    expect($('#signals tr[data-signal="reports"] td').eq(1).text()).toBe("3");
    expect($("#signals .reasons li").text()).toBe("reports: 3 of your people reported a problem in the last 10 min (down ×3); components: Chat <b>");
  });

  it.each([
    [
      "falseAlarm",
      "False alarm",
      "Dismissed: false alarm",
      "None: this was dismissed as a false alarm, so there was nothing for the status page to acknowledge.",
    ],
    ["unacknowledged", "Outage", "Ended, never acknowledged", "None: Calm AI's status page never opened an incident for this outage."],
  ] as const)("a %s has no incident and says why", async (which, word, label, none) => {
    const id = seeded[which].id;
    const { $ } = await load(`/outages/${id}`);
    expect($("header h1").text()).toBe(`Calm AI: ${word} #${id}`);
    expect(fact($, "Status").find(".badge").text()).toContain(label.startsWith("Dismissed") ? "False alarm" : "Never acknowledged");
    expect(fact($, "Status").text()).toContain(label === "Dismissed: false alarm" ? "false alarm" : "never acknowledged the outage");
    expect(fact($, "Status page acknowledged").text()).toBe("Never.");
    expect($("#no-incident").text()).toBe(none);
    expect($("#signals .empty").text()).toContain("No signal data is stored");
    expect($("meta[http-equiv=refresh]")).toHaveLength(0);
  });

  it("answers an HTML 404 for an unknown id and an HTML 400 for a malformed one; the API keeps problem+json", async () => {
    const missing = await load("/outages/999999");
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.$("header h1").text()).toBe("404 Not Found");
    expect(missing.$("#error").text()).toContain("outage 999999 does not exist");
    expect(missing.$('#error a[href="/outages"]')).toHaveLength(1);
    for (const bad of ["abc", "0", "-1", "2147483648", "1.5", "%3Cscript%3E"]) {
      const r = await load(`/outages/${bad}`);
      expect([bad, r.res.status, r.res.headers.get("content-type")]).toEqual([bad, 400, expect.stringMatching(/^text\/html/)]);
      expect(r.$("header h1").text()).toBe("400 Invalid request");
      expect(r.$("script")).toHaveLength(0);
    }
    const apiBad = await fetch(`${api.url}/api/v1/outages/abc`);
    expect([apiBad.status, apiBad.headers.get("content-type")]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    const apiMissing = await fetch(`${api.url}/api/v1/outages/999999`);
    expect([apiMissing.status, apiMissing.headers.get("content-type")]).toEqual([404, expect.stringMatching(/^application\/problem\+json/)]);
    // The vote page keeps its path.
    expect((await fetch(`${api.url}/outages/vote`)).status).toBe(403);
  });
});

describe("the outages index, /outages", () => {
  it("lists recent outages newest first, each linked, a page at a time", async () => {
    const first = await load("/outages");
    expect(first.res.status).toBe(200);
    const ids = first
      .$("#outages tbody tr")
      .map((_i, tr) => Number(first.$(tr).attr("data-outage")))
      .get();
    expect(ids).toHaveLength(OUTAGES_PER_PAGE);
    expect(ids.slice(0, 4)).toEqual([seeded.suspected.id, seeded.confirmed.id, seeded.unacknowledged.id, seeded.falseAlarm.id]);
    const row = first.$(`#outages tr[data-outage="${seeded.confirmed.id}"] td`);
    expect(row.eq(0).find("a").attr("href")).toBe(`/outages/${seeded.confirmed.id}`);
    expect(row.eq(1).text()).toBe(HOSTILE_PROVIDER);
    expect(row.eq(2).text()).toContain("Ended");
    expect(row.eq(4).text()).toBe("30 min ahead");
    expect(row.eq(5).find("a").text()).toBe(HOSTILE);
    expect(first.$(`#outages tr[data-outage="${seeded.suspected.id}"] td`).eq(4).text()).toBe("not acknowledged yet");
    expect(first.html).not.toMatch(/<(script|img|b)[\s>]/);

    const next = first.$('a[rel="next"]').attr("href")!;
    expect(next).toMatch(/^\/outages\?before=\d+-\d+$/);
    const second = await load(next);
    const rest = second
      .$("#outages tbody tr")
      .map((_i, tr) => Number(second.$(tr).attr("data-outage")))
      .get();
    expect(rest).toHaveLength(34 - OUTAGES_PER_PAGE);
    expect(rest.filter((id) => ids.includes(id))).toEqual([]);
    expect(second.$('a[rel="next"]')).toHaveLength(0);
    expect(second.$("#outages h2").text()).toBe("Older outages");
  });

  it("names a removed provider's outages without linking its page, which is gone", async () => {
    await db.prisma.provider.update({ where: { id: "bulk" }, data: { deletedAt: new Date() } });
    try {
      const episode = await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "bulk" } });
      const one = await load(`/outages/${episode.id}`);
      expect(one.res.status).toBe(200);
      expect(fact(one.$, "Provider").text()).toBe("Bulk Co (removed)");
      expect(one.$('a[href="/providers/bulk"]')).toHaveLength(0);
      const index = await load("/outages");
      expect(index.$(`#outages tr[data-outage="${episode.id}"] td`).eq(1).text()).toBe("Bulk Co (removed)");
      expect(index.$('a[href="/providers/bulk"]')).toHaveLength(0);
      expect((await fetch(`${api.url}/providers/bulk`)).status).toBe(404);
    } finally {
      await db.prisma.provider.update({ where: { id: "bulk" }, data: { deletedAt: null } });
    }
  });

  it("refuses a cursor it did not make with an HTML 400", async () => {
    for (const bad of ["x", "1-", "1-2-3", "99999999999999999999-1"]) {
      const r = await load(`/outages?before=${bad}`);
      expect([bad, r.res.status, r.$("header h1").text()]).toEqual([bad, 400, "400 Invalid request"]);
    }
    expect((await load("/outages?page=2")).res.status).toBe(400);
  });

  it("is linked from every dashboard page's footer, and / links its suspected outages to their pages", async () => {
    const home = await load("/");
    expect(home.$('footer a[href="/outages"]').text()).toBe("Outages");
    expect(home.$(`#suspected a[href="/outages/${seeded.suspected.id}"]`).text()).toBe("Possible outage — not yet acknowledged by Calm AI");
    const outage = await load(`/outages/${seeded.confirmed.id}`);
    expect(outage.$('footer a[href="/outages"]')).toHaveLength(1);
  });
});

describe("the outages index with nothing recorded", () => {
  let empty: TestDatabase;
  let emptyApi: TestApi;
  beforeAll(async () => {
    empty = await freshDatabase();
    emptyApi = await startApi(empty.prisma);
  });
  afterAll(async () => {
    await emptyApi?.close();
    await empty?.drop();
  });

  it("says no outage was recorded and what would record one", async () => {
    const res = await fetch(`${emptyApi.url}/outages`);
    const $ = cheerio.load(await res.text());
    expect(res.status).toBe(200);
    expect($("#outages table")).toHaveLength(0);
    expect($("#outages .empty").text()).toMatch(/^No outages recorded yet\. statuswatch records one when/);
  });
});
