import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as cheerio from "cheerio";
import { createApi } from "../../src/api/app";
import { createPrisma, type Db } from "../../src/db/database";
import { createMailer } from "../../src/notify/dispatcher";
import { seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, silentLog, startSmtp } from "../support/notify";

let db: TestDatabase;
let second: Db;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const servers: Server[] = [];
const bases: string[] = [];

/** Two instances of the app, each with its own connection pool, on one database: as behind a load balancer. */
beforeAll(async () => {
  db = await freshDatabase();
  second = createPrisma(db.url, 3);
  smtp = await startSmtp();
  await seedDashboard(db.prisma);
  const config = notifyConfig({ smtpUrl: smtp.url });
  for (const prisma of [db.prisma, second]) {
    const app = createApi({ prisma, log: silentLog, notify: { apiKey: API_KEY, config, mailer: createMailer(config) } });
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    servers.push(server);
    bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await smtp?.close();
  await second?.$disconnect();
  await db?.drop();
});

async function subscribe(base: string, email: string): Promise<number> {
  const $ = cheerio.load(await (await fetch(`${base}/providers/calm`)).text());
  const res = await fetch(base + $("#subscribe form").attr("action")!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams([
      ["token", $('#subscribe input[name="token"]').val() as string],
      ["email", email],
    ]).toString(),
  });
  await res.text();
  return res.status;
}

describe("self-subscribe rate limits", () => {
  it("hold across instances: five attempts per client in all, wherever they land, then 429 on either", async () => {
    const statuses: number[] = [];
    // Alternating between the instances, as a load balancer would.
    for (let i = 0; i < 7; i++) statuses.push(await subscribe(bases[i % 2]!, `limit${i}@example.test`));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await db.prisma.subscription.count({ where: { target: { startsWith: "limit" } } })).toBe(5);
    // Nothing about the client is stored in the clear.
    const keys = (await db.prisma.rateLimitHit.findMany()).map((h) => h.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain("127.0.0.1");
  });

  it("count concurrent attempts exactly once each", async () => {
    await db.prisma.rateLimitHit.deleteMany();
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => subscribe(bases[i % 2]!, `burst${i}@example.test`)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});
