import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import pino from "pino";
import { createApi } from "../../src/api/app";
import { launchChromium, requireChromium, SHOTS } from "../support/browser";
import { freshDatabase, type TestDatabase } from "../support/db";
import { seedRealisticDashboard } from "../support/realistic-seed";

jest.setTimeout(180_000);

let db: TestDatabase;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  requireChromium();
  db = await freshDatabase();
  await seedRealisticDashboard(db.prisma);
  const app = createApi({ prisma: db.prisma, log: pino({ level: "silent" }) });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The first request stores the closed days of 900 components.
  await (await fetch(base + "/")).text();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  await db?.drop();
});

/** Bytes of `/` as sent for this Accept-Encoding. */
const sent = (acceptEncoding: string) =>
  new Promise<number>((resolve, reject) => {
    request(base + "/", { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      let n = 0;
      res.on("data", (c: Buffer) => (n += c.length));
      res.on("end", () => resolve(n));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });

// Measured 2026-12-02: 946 KB of HTML, 36.5 KB gzipped, 27.6 KB with brotli (3 MB before, sent as is).
it("weighs little with 300 ordinary providers: under 1 MB of HTML, under 40 KB gzipped, less with brotli", async () => {
  const document = await sent("identity");
  const gzipped = await sent("gzip");
  expect(document).toBeLessThan(1_000_000);
  expect(gzipped).toBeLessThan(40_000);
  expect(await sent("br")).toBeLessThan(gzipped);
});

const VIEWS = [
  { name: "desktop-light", width: 1280, colorScheme: "light" as const },
  { name: "desktop-dark", width: 1280, colorScheme: "dark" as const },
  { name: "phone-light", width: 375, colorScheme: "light" as const },
  { name: "phone-dark", width: 375, colorScheme: "dark" as const },
];

describe.each(VIEWS)("/ with 300 real providers in chromium at $width px, $colorScheme", (view) => {
  it("shows what is wrong drawn in full, the rest folded per category, without horizontal scroll", async () => {
    const context = await browser.newContext({ viewport: { width: view.width, height: 900 }, colorScheme: view.colorScheme });
    const page = await context.newPage();
    try {
      const res = await page.goto(base + "/", { waitUntil: "load" });
      expect(res?.status()).toBe(200);
      // Sent compressed to a browser.
      expect(["gzip", "br"]).toContain((await res!.allHeaders())["content-encoding"]);
      expect(await page.locator("#summary").textContent()).toBe(
        "2 of 300 providers report a problem. 1 provider is under maintenance. 1 source cannot be read.",
      );
      const attention = await page.locator("#attention li[data-provider]").evaluateAll((els) => els.map((e) => e.getAttribute("data-provider")));
      // Worst first: a partial outage, a degradation, a page that does not answer, a maintenance, one recovered this morning.
      expect(attention).toEqual(["openai", "github", "ngrok", "heroku", "twilio"]);
      for (const id of attention) {
        const bars = page.locator(`#attention li[data-provider="${id}"] .bars`);
        expect(await bars.isVisible()).toBe(true);
        expect(await bars.locator("li").count()).toBe(90);
      }
      // Folded: each category's healthy providers behind one visible line; rows not drawn until opened.
      const folded = page.locator("#providers details");
      expect(await folded.count()).toBeGreaterThan(5);
      const first = folded.first();
      expect(await first.locator("summary").isVisible()).toBe(true);
      expect(await first.locator("summary").textContent()).toMatch(/^\d+ providers? operational$/);
      expect(await first.locator("li[data-provider]").first().isVisible()).toBe(false);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOTS, `scale-home-${view.name}.png`), fullPage: true });
      if (view.name === "desktop-light")
        // The picture in README (docs/dashboard.png) is this one, copied by hand.
        await page.screenshot({ path: path.join(SHOTS, "readme-home.png"), clip: { x: 0, y: 0, width: 1280, height: 900 } });
      // Opened without script: the compact rows show their bars, still no horizontal scroll.
      await first.locator("summary").click();
      const row = first.locator("li[data-provider]").first();
      expect(await row.isVisible()).toBe(true);
      expect(await row.locator(".bars li").count()).toBe(90);
      const box = await row.locator(".bars li").last().boundingBox();
      expect(box!.width).toBeGreaterThan(1);
      expect(box!.height).toBeGreaterThan(5);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `scale-opened-${view.name}.png`), fullPage: false });
    } finally {
      await context.close();
    }
  });
});
