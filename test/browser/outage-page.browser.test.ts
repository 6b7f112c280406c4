import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { createApi } from "../../src/api/app";
import { freshDatabase, type TestDatabase } from "../support/db";
import { launchChromium, requireChromium, SHOTS } from "../support/browser";
import { API_KEY, notifyConfig, silentLog } from "../support/notify";
import { seedOutages } from "../support/outage-seed";

jest.setTimeout(120_000);

let db: TestDatabase;
let server: Server;
let base: string;
let browser: Browser;
let seeded: Awaited<ReturnType<typeof seedOutages>>;

beforeAll(async () => {
  requireChromium();
  db = await freshDatabase();
  seeded = await seedOutages(db.prisma);
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: notifyConfig() } });
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
  await db?.drop();
});

const VIEWS = [
  { name: "desktop-light", width: 1280, colorScheme: "light" as const },
  { name: "phone-light", width: 375, colorScheme: "light" as const },
  { name: "phone-dark", width: 375, colorScheme: "dark" as const },
];
const PAGES = ["confirmed", "suspected", "falseAlarm", "index", "missing"] as const;
const pathOf = (which: (typeof PAGES)[number]) => (which === "index" ? "/outages" : which === "missing" ? "/outages/999999" : `/outages/${seeded[which].id}`);

describe.each(VIEWS)("in chromium at $width px, $colorScheme", (view) => {
  it.each(PAGES)("the %s outage page: no horizontal scroll, headings visible, same-site links answer", async (which) => {
    const context = await browser.newContext({ viewport: { width: view.width, height: 900 }, colorScheme: view.colorScheme });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("request", (r) => requests.push(r.url()));
    try {
      const res = await page.goto(base + pathOf(which), { waitUntil: "load" });
      expect(res?.status()).toBe(which === "missing" ? 404 : 200);
      // Only the page itself is fetched: no script, no remote resources.
      expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
      expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.locator("h1").first().isVisible()).toBe(true);
      expect(await page.locator("h2").count()).toBeGreaterThan(0);
      // Nothing is wider than the viewport (a long hostile title or report text wraps).
      const wide = await page.evaluate(
        (w) => [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > w + 1).map((el) => el.tagName),
        view.width,
      );
      expect(wide).toEqual([]);
      if (which === "confirmed") {
        expect(await page.locator("#timeline li").count()).toBeGreaterThan(10);
        expect(await page.locator("#timeline li").first().isVisible()).toBe(true);
        expect(await page.locator('#signals tr[data-signal="crowd"]').isVisible()).toBe(true);
      }
      // The links are the same in every view: checked once, at the first.
      if (view === VIEWS[0]) {
        const hrefs = [...new Set(await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))].slice(0, 30);
        for (const href of hrefs) expect([href, (await page.request.get(base + href)).status()]).toEqual([href, 200]);
      }
      await page.screenshot({ path: path.join(SHOTS, `outage-${which}-${view.name}.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
