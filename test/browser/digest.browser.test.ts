import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium, requireChromium, SHOTS } from "../support/browser";
import { NetClient } from "../../src/net";
import { lastCompletedPeriod } from "../../src/notify/digest/period";
import { DigestService } from "../../src/notify/digest/service";
import { createMailer } from "../../src/notify/dispatcher";
import { freshDatabase, type TestDatabase } from "../support/db";
import { LONG_TITLE, seedDigestWorld } from "../support/digest-seed";
import { notifyConfig, silentLog, startSmtp, waitFor } from "../support/notify";

jest.setTimeout(120_000);

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let browser: Browser;
let html: string;
const net = new NetClient();

beforeAll(async () => {
  requireChromium();
  db = await freshDatabase();
  smtp = await startSmtp();
  const now = new Date("2026-11-30T15:00:00Z");
  const period = lastCompletedPeriod(now, { frequency: "daily", hour: 9, timeZone: "America/New_York" });
  await seedDigestWorld(db.prisma, period);
  await db.prisma.subscription.create({
    data: {
      channel: "email",
      target: "browser@example.test",
      events: ["incident_opened"],
      digest: "daily",
      digestHour: 9,
      timeZone: "America/New_York",
      lastDigestAt: new Date(period.start.getTime() - 86_400_000),
      confirmedAt: new Date(),
    },
  });
  const config = notifyConfig({ smtpUrl: smtp.url });
  const mailer = createMailer(config);
  expect(await new DigestService({ prisma: db.prisma, config, log: silentLog, mailer, net }).sendDue(now)).toBe(1);
  const [mail] = await waitFor("the digest mail", () => (smtp.to("browser@example.test").length ? smtp.to("browser@example.test") : undefined));
  html = String(mail!.html);
  mailer?.close();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await net.close();
  await smtp?.close();
  await db?.drop();
});

describe.each([600, 375])("the digest mail in chromium at %i px", (width) => {
  it("fits without horizontal scrolling, draws the 30-day strip, and loads nothing", async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    try {
      await page.setContent(html, { waitUntil: "load" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Every cell of every strip has a width a reader can see.
      const cells = await page.$$eval('td[title^="20"]', (tds) => tds.map((td) => td.getBoundingClientRect().width));
      expect(cells.length).toBe(60); // two providers with something to report, 30 days each
      expect(Math.min(...cells)).toBeGreaterThan(width >= 600 ? 10 : 5);
      // The long unbroken title wraps inside the column instead of widening it.
      const title = page.getByText(LONG_TITLE).first();
      const box = await title.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      expect(requests.filter((u) => !u.startsWith("about:") && !u.startsWith("data:"))).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `digest-${width}.png`), fullPage: true });
      expect(fs.statSync(path.join(SHOTS, `digest-${width}.png`)).size).toBeGreaterThan(5_000);
    } finally {
      await context.close();
    }
  });
});
