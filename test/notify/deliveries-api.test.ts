import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, seedProvider, silentLog } from "../support/notify";

const HOOK = "https://hooks.slack.com/services/T0SECRET/B0SECRET/deliverysecret";

describe("GET /api/v1/deliveries", () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedProvider(db.prisma, "acme", "Acme");
    const sub = await db.prisma.subscription.create({ data: { channel: "slack", target: HOOK, events: ["source_unreachable"], confirmedAt: new Date() } });
    for (let i = 0; i < 3; i++) {
      const e = await db.prisma.event.create({
        data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: `d:${i}`, data: {} },
      });
      await db.prisma.delivery.create({
        data: { eventId: e.id, subscriptionId: sub.id, status: "failed", attempts: 30, lastError: `retryable: Slack answered HTTP 500 (#${i})` },
      });
    }
    const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: notifyConfig() } });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/deliveries`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await db.drop();
  });

  const get = async (query: string) => {
    const res = await fetch(`${base}${query}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    return { status: res.status, text: await res.text() };
  };

  it("pages dead letters newest first with nextCursor, like every other list, and never shows the webhook URL", async () => {
    const first = await get("?status=failed&limit=2");
    expect(first.status).toBe(200);
    const page1 = JSON.parse(first.text) as { data: Array<{ lastError: string; target: string }>; nextCursor: string | null };
    expect(page1.data.map((d) => d.lastError)).toEqual(["retryable: Slack answered HTTP 500 (#2)", "retryable: Slack answered HTTP 500 (#1)"]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = JSON.parse((await get(`?status=failed&limit=2&cursor=${page1.nextCursor}`)).text) as typeof page1;
    expect(second.data.map((d) => d.lastError)).toEqual(["retryable: Slack answered HTTP 500 (#0)"]);
    expect(second.nextCursor).toBeNull();
    expect(first.text + JSON.stringify(second)).not.toContain("deliverysecret");
  });

  it("refuses a cursor it did not hand out", async () => {
    const res = await get("?cursor=not-a-cursor");
    expect(res.status).toBe(400);
    expect(res.text).toContain("cursor");
  });
});
