import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as cheerio from "cheerio";
import Parser from "rss-parser";
import { createApi } from "../../src/api/app";
import { createMailer } from "../../src/notify/dispatcher";
import { daysAgo, HOSTILE, seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, silentLog, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await freshDatabase();
  smtp = await startSmtp();
  await seedDashboard(db.prisma);
  const config = notifyConfig({ smtpUrl: smtp.url });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, mailer: createMailer(config) } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await smtp?.close();
  await db?.drop();
});

const page = async (path: string, init?: RequestInit) => {
  const res = await fetch(base + path, init);
  const html = await res.text();
  return { res, html, $: cheerio.load(html) };
};

describe("a provider's page", () => {
  it("shows each component with its status and 90 daily bars; a two-hour major outage is not a good day", async () => {
    const { res, $ } = await page("/providers/calm");
    expect(res.status).toBe(200);
    expect($("header h1").text()).toBe("Calm AI");
    const api = $('#components li[data-component="API"]');
    expect(api.find(".badge").text()).toContain("Operational");
    expect(api.find(".bars li")).toHaveLength(90);
    expect($('#components li[data-component="Dashboard"] .bars li')).toHaveLength(90);
    expect(api.find(`.bars li[data-date="${daysAgo(3)}"]`).attr("class")).toBe("x");
    // A good day carries no class: green is the bars' default colour.
    expect(api.find(`.bars li[data-date="${daysAgo(2)}"]`).attr("class")).toBeUndefined();
    expect(api.find(".uptime").text()).toMatch(/^\d{2}\.\d{2} % over \d+ days$/);
  });

  it("lists open and past incidents, maintenances, source health in words, and links to the provider's own page", async () => {
    const acme = await page("/providers/acme");
    expect(acme.$("#open tbody tr a").text()).toBe(HOSTILE);
    expect(
      acme
        .$("#maintenances a[href^='/maintenances/']")
        .map((_i, a) => acme.$(a).text())
        .get(),
    ).toEqual(["Database <upgrade>", expect.stringMatching(/^Network; move/)]);
    expect(acme.$('main a[href="https://status.acme.test/"]').text()).toBe("the provider's own status page");
    expect(acme.$("#source dd").first().text()).toBe("Read without trouble.");
    const dead = await page("/providers/dead");
    expect(dead.$("#source dd").first().text()).toBe("The status page did not answer in time. (5 failed attempts in a row)");
    expect(dead.$("#source code").text()).toBe("timeout: no answer within 10000 ms");
    expect((await fetch(`${base}/providers/nope`)).status).toBe(404);
    expect((await fetch(`${base}/providers/acme?before=x`)).status).toBe(400);
  });

  it("pages past incidents, twenty at a time", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    await db.prisma.incident.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        providerId: "calm",
        externalId: `old${i}`,
        title: `Old ${i}`,
        status: "resolved" as const,
        impact: "minor" as const,
        startedAt: new Date(start + i * 3_600_000),
        resolvedAt: new Date(start + i * 3_600_000 + 600_000),
      })),
    });
    const first = await page("/providers/calm");
    expect(first.$("#past tbody tr")).toHaveLength(20);
    const next = first.$('#past a[rel="next"]').attr("href")!;
    const second = await page(next);
    expect(
      second
        .$("#past tbody tr")
        .map((_i, tr) => second.$(tr).find("a").text())
        .get(),
    ).toEqual(["Old 4", "Old 3", "Old 2", "Old 1", "Old 0"]);
    expect(second.$('#past a[rel="next"]')).toHaveLength(0);
  });
});

describe("self-subscribe on a provider's page", () => {
  const form = async () => {
    const { $ } = await page("/providers/acme");
    return { action: $("#subscribe form").attr("action")!, token: $('#subscribe input[name="token"]').val() as string, $ };
  };
  const post = (action: string, fields: Array<[string, string]>, headers: Record<string, string> = {}) =>
    page(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  it("creates an unconfirmed email subscription for the provider and chosen components, with no API key, and mails a confirmation", async () => {
    const { action, token, $ } = await form();
    expect($("#subscribe form").attr("method")).toBe("post");
    expect(
      $('#subscribe input[name="component"]')
        .map((_i, el) => $(el).attr("value"))
        .get(),
    ).toEqual(["API", "Dashboard"]);
    const done = await post(action, [
      ["token", token],
      ["email", "Reader@Example.test"],
      ["component", "API"],
    ]);
    expect(done.res.status).toBe(200);
    expect(done.$("#subscribe-notice").attr("data-kind")).toBe("sent");
    expect(done.html).not.toContain("reader@example.test");
    const sub = await db.prisma.subscription.findFirstOrThrow({ where: { target: "reader@example.test" } });
    expect(sub).toMatchObject({ channel: "email", providers: ["acme"], components: ["API"], confirmedAt: null });
    await waitFor("the confirmation mail", () => smtp.to("reader@example.test").length > 0);
  });

  it("refuses a cross-site post, a missing or forged token, a bad address and an unknown component, and keeps nothing", async () => {
    const { action, token } = await form();
    const before = await db.prisma.subscription.count();
    expect(
      (
        await post(
          action,
          [
            ["token", token],
            ["email", "x@example.test"],
          ],
          { origin: "https://evil.test" },
        )
      ).res.status,
    ).toBe(403);
    expect((await post(action, [["email", "x@example.test"]])).res.status).toBe(403);
    expect(
      (
        await post(action, [
          ["token", `${Date.now()}.forged`],
          ["email", "x@example.test"],
        ])
      ).res.status,
    ).toBe(403);
    const bad = await post(action, [
      ["token", token],
      ["email", "not an address <b>"],
    ]);
    expect(bad.res.status).toBe(400);
    expect(bad.$("#subscribe-notice").text()).toBe("Please enter a valid email address.");
    expect(
      (
        await post(action, [
          ["token", token],
          ["email", "y@example.test"],
          ["component", "Nope"],
        ])
      ).res.status,
    ).toBe(400);
    expect(await db.prisma.subscription.count()).toBe(before);
  });

  it("is rate-limited per client", async () => {
    const { action, token } = await form();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await post(action, [
            ["token", token],
            ["email", `r${i}@example.test`],
          ])
        ).res.status,
      );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});

describe("feeds and badges", () => {
  it("/feed.atom parses as Atom with one entry per recent change, titles inert", async () => {
    const res = await fetch(`${base}/feed.atom`);
    expect(res.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    const feed = await new Parser().parseString(xml);
    const changes = await db.prisma.event.count({ where: { backfill: false } });
    expect(feed.items).toHaveLength(Math.min(50, changes));
    expect(feed.items.map((i) => i.title)).toContain(`Acme <b>Cloud</b> — Incident opened: ${HOSTILE}`);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<b>");
    expect(feed.items.every((i) => i.link?.startsWith("http://statuswatch.test/"))).toBe(true);
    const one = await new Parser().parseString(await (await fetch(`${base}/providers/calm/feed.atom`)).text());
    expect(one.items.every((i) => !i.title?.startsWith("Acme"))).toBe(true);
    expect((await fetch(`${base}/providers/nope/feed.atom`)).status).toBe(404);
  });

  it("/maintenances.ics parses as iCalendar; a hostile title cannot add lines", async () => {
    const res = await fetch(`${base}/maintenances.ics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    const body = await res.text();
    expect(body.endsWith("\r\n")).toBe(true);
    const lines = body
      .replace(/\r\n[ \t]/g, "")
      .split("\r\n")
      .filter(Boolean);
    for (const l of lines) expect(l).toMatch(/^[A-Z-]+(;[^:]*)?:/);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(2);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toContain("SUMMARY:Acme <b>Cloud</b>: Network\\; move\\, with\\nEND:VEVENT <b>");
    for (const raw of body.split("\r\n")) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(75);
  });

  it("/badge/:provider.svg is SVG naming the status, for a component too, escaped", async () => {
    const res = await fetch(`${base}/badge/acme.svg`);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    const $ = cheerio.load(svg, { xml: true });
    expect($("svg").attr("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect($("title").text()).toBe("Acme <b>Cloud</b>: partial outage");
    expect($("b, script")).toHaveLength(0);
    const comp = cheerio.load(await (await fetch(`${base}/badge/acme.svg?component=Dashboard`)).text(), { xml: true });
    expect(comp("title").text()).toBe("Acme <b>Cloud</b> Dashboard: operational");
    const dead = cheerio.load(await (await fetch(`${base}/badge/dead.svg`)).text(), { xml: true });
    expect(dead("title").text()).toBe("Dead Corp: unknown (stale)");
    expect((await fetch(`${base}/badge/acme.svg?component=Nope`)).status).toBe(404);
    expect((await fetch(`${base}/badge/nope.svg`)).status).toBe(404);
  });
});
