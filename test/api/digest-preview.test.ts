import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { createMailer } from "../../src/notify/dispatcher";
import { lastCompletedPeriod } from "../../src/notify/digest/period";
import { freshDatabase, type TestDatabase } from "../support/db";
import { seedDigestWorld } from "../support/digest-seed";
import { API_KEY, notifyConfig, silentLog, startSmtp } from "../support/notify";

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: Server;
let base: string;
let world: Awaited<ReturnType<typeof seedDigestWorld>>;

beforeAll(async () => {
  db = await freshDatabase();
  smtp = await startSmtp();
  world = await seedDigestWorld(db.prisma, lastCompletedPeriod(new Date(), { frequency: "daily", hour: 7, timeZone: "Europe/Berlin" }));
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

const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) =>
  fetch(base + path, {
    method: init.method ?? "GET",
    headers: {
      ...(init.auth === false ? {} : { authorization: `Bearer ${API_KEY}` }),
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

async function createDigest(extra: Record<string, unknown>) {
  return call("/api/v1/subscriptions", { method: "POST", body: { channel: "email", target: "ops@example.test", digest: "daily", ...extra } });
}

describe("digest subscriptions in the API", () => {
  it.each([
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone", "must be an IANA time zone"],
    [{ timeZone: "" }, "timeZone", "must be an IANA time zone"],
    [{ digestHour: 24 }, "digestHour", "<=23"],
    [{ digestHour: -1 }, "digestHour", ">=0"],
    [{ digestHour: 7.5 }, "digestHour", "int"],
    [{ digestHour: "8" }, "digestHour", "number"],
  ])("refuse %j with a 400 problem naming %s", async (extra, field, words) => {
    const res = await createDigest(extra);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { "invalid-params": Array<{ name: string; reason: string }> };
    expect(body["invalid-params"]).toEqual([{ name: field, reason: expect.stringContaining(words) }]);
  });

  it("store the hour and the zone (canonical), default 08:00 UTC, and restart the schedule when either changes", async () => {
    const res = await createDigest({ digestHour: 7, timeZone: "europe/berlin" });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: number; digestHour: number; timeZone: string } };
    expect(data).toMatchObject({ digestHour: 7, timeZone: "Europe/Berlin" });
    const plain = (await (await createDigest({})).json()) as { data: { digestHour: number; timeZone: string } };
    expect(plain.data).toMatchObject({ digestHour: 8, timeZone: "UTC" });

    await db.prisma.subscription.update({ where: { id: data.id }, data: { lastDigestAt: new Date(0) } });
    const patched = await call(`/api/v1/subscriptions/${data.id}`, { method: "PATCH", body: { timeZone: "America/New_York", digestHour: 18 } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { data: unknown }).data).toMatchObject({ digestHour: 18, timeZone: "America/New_York" });
    const row = await db.prisma.subscription.findUniqueOrThrow({ where: { id: data.id } });
    expect(row.lastDigestAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await call(`/api/v1/subscriptions/${data.id}`, { method: "PATCH", body: { timeZone: "Nowhere/Land" } })).status).toBe(400);
  });

  it("preview a period's digest as HTML or text, by Accept or ?format=", async () => {
    const { data } = (await (await createDigest({ digestHour: 7, timeZone: "Europe/Berlin", providers: ["acme", "beta"] })).json()) as { data: { id: number } };
    const html = await call(`/api/v1/subscriptions/${data.id}/digest-preview?period=last`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    const page = await html.text();
    expect(page).toContain("Elevated errors &lt;b&gt;on&lt;/b&gt; API &amp; console");
    expect(page).not.toContain("<b>on</b>");
    for (const i of world.inPeriod) expect(page).toContain(`/incidents/${i.id}"`);

    const byAccept = await call(`/api/v1/subscriptions/${data.id}/digest-preview`, { headers: { accept: "text/plain" } });
    expect(byAccept.headers.get("content-type")).toContain("text/plain");
    const text = await byAccept.text();
    for (const i of world.inPeriod) expect(text).toContain(i.title);
    for (const t of world.excluded) expect(text).not.toContain(t);
    expect(text).toContain("(Europe/Berlin)");

    const current = await (await call(`/api/v1/subscriptions/${data.id}/digest-preview?period=current&format=text`)).text();
    expect(current).toContain("(so far)");
    const dated = await (await call(`/api/v1/subscriptions/${data.id}/digest-preview?period=2026-01-15&format=text`)).text();
    expect(dated).toContain("Wed 14 Jan, 07:00 – Thu 15 Jan, 07:00 (Europe/Berlin)");
  });

  it.each([
    ["?period=yesterday", 400],
    ["?period=2026-02-30", 400],
    ["?format=pdf", 400],
    ["?colour=red", 400],
  ])("refuse a preview %s with %i", async (query, status) => {
    const { data } = (await (await createDigest({})).json()) as { data: { id: number } };
    const res = await call(`/api/v1/subscriptions/${data.id}/digest-preview${query}`);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answer 404 for an unknown subscription and 401 without the key", async () => {
    expect((await call("/api/v1/subscriptions/999999/digest-preview")).status).toBe(404);
    expect((await call("/api/v1/subscriptions/1/digest-preview", { auth: false })).status).toBe(401);
  });
});
