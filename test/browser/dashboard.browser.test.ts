import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium, requireChromium, SHOTS } from "../support/browser";
import { createApi } from "../../src/api/app";
import { createMailer } from "../../src/notify/dispatcher";
import { daysAgo, seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, silentLog, startSmtp } from "../support/notify";

jest.setTimeout(120_000);

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  requireChromium();
  db = await freshDatabase();
  smtp = await startSmtp();
  await seedDashboard(db.prisma);
  const config = notifyConfig({ smtpUrl: smtp.url });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, mailer: createMailer(config) } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await smtp?.close();
  await db?.drop();
});

const incidentPath = async () => `/incidents/${(await db.prisma.incident.findFirstOrThrow({ where: { providerId: "acme" } })).id}`;
const maintenancePath = async () => `/maintenances/${(await db.prisma.maintenance.findFirstOrThrow({ where: { externalId: "m1" } })).id}`;

const VIEWS = [
  { name: "desktop-light", width: 1280, colorScheme: "light" as const },
  { name: "desktop-dark", width: 1280, colorScheme: "dark" as const },
  { name: "phone-light", width: 375, colorScheme: "light" as const },
  { name: "phone-dark", width: 375, colorScheme: "dark" as const },
];

async function open(view: (typeof VIEWS)[number], pagePath: string) {
  const context = await browser.newContext({ viewport: { width: view.width, height: 900 }, colorScheme: view.colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const res = await page.goto(base + pagePath, { waitUntil: "load" });
  return { context, page, res, errors };
}

describe.each(VIEWS)("in chromium at $width px, $colorScheme", (view) => {
  it.each([["/"], ["/providers/acme"], ["/providers/calm"], ["incident"], ["maintenance"]])(
    "%s: headings and bars visible, no horizontal scroll, links work",
    async (which) => {
      const pagePath = which === "incident" ? await incidentPath() : which === "maintenance" ? await maintenancePath() : which;
      const { context, page, res, errors } = await open(view, pagePath);
      try {
        expect(res?.status()).toBe(200);
        expect(errors).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expect(page.locator("h1").first().isVisible()).resolves.toBe(true);
        expect(await page.locator("h2").count()).toBeGreaterThan(0);
        // Dark mode really changes the page, not only the header.
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe(view.colorScheme === "dark" ? "rgb(18, 21, 27)" : "rgb(246, 247, 249)");
        if (which === "/" || which.startsWith("/providers/")) {
          const bars = page.locator(".bars").first();
          expect(await bars.isVisible()).toBe(true);
          expect(await bars.locator("li").count()).toBe(90);
          const box = await bars.locator(`li[data-date="${daysAgo(0)}"]`).boundingBox();
          expect(box!.width).toBeGreaterThan(1);
          expect(box!.height).toBeGreaterThan(5);
        }
        // Every same-site link on the page answers.
        const hrefs = [...new Set(await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))].slice(0, 40);
        for (const href of hrefs) expect([href, (await page.request.get(base + href)).status()]).toEqual([href, 200]);
        const name = `${which === "/" ? "home" : which.replace(/^\//, "").replace(/\//g, "-")}-${view.name}.png`;
        await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
      } finally {
        await context.close();
      }
    },
  );
});

describe("in chromium, on a phone", () => {
  const phone = VIEWS[2]!;

  it("shows a day with a two-hour major outage in a colour that is not a good day's", async () => {
    const { context, page } = await open(phone, "/providers/calm");
    try {
      const api = page.locator('#components li[data-component="API"] .bars');
      expect(await api.locator("li").count()).toBe(90);
      const colour = (date: string) => api.locator(`li[data-date="${date}"]`).evaluate((el) => getComputedStyle(el).backgroundColor);
      const outage = await colour(daysAgo(3));
      expect(outage).not.toBe(await colour(daysAgo(2)));
      expect(outage).not.toBe(await colour(daysAgo(80)));
      expect(await api.locator(`li[data-date="${daysAgo(3)}"]`).getAttribute("title")).toContain("major outage");
    } finally {
      await context.close();
    }
  });

  it("subscribes by email with the form, without script", async () => {
    const { context, page } = await open(phone, "/providers/acme");
    try {
      await page.fill("#email", "phone-reader@example.test");
      await page.check('input[name="component"][value="API"]');
      await Promise.all([page.waitForNavigation(), page.click('#subscribe button[type="submit"]')]);
      expect(await page.locator("#subscribe-notice").getAttribute("data-kind")).toBe("sent");
      const sub = await db.prisma.subscription.findFirstOrThrow({ where: { target: "phone-reader@example.test" } });
      expect(sub.components).toEqual(["API"]);
      await page.screenshot({ path: path.join(SHOTS, "subscribed-phone.png"), fullPage: false });
    } finally {
      await context.close();
    }
  });

  it("filters providers with the GET form and renders the badge as SVG", async () => {
    const { context, page } = await open(VIEWS[0]!, "/");
    try {
      await page.fill("#q", "calm");
      await Promise.all([page.waitForNavigation(), page.click("nav button")]);
      expect(await page.locator("#providers li[data-provider]").evaluateAll((els) => els.map((e) => e.getAttribute("data-provider")))).toEqual(["calm"]);
      await page.goto(`${base}/badge/acme.svg`);
      expect(await page.evaluate(() => document.documentElement.tagName)).toBe("svg");
      expect(await page.locator("parsererror").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
