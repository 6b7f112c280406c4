import pino from "pino";
import { loadConfig } from "../../src/config";
import { startService, type Service } from "../../src/service";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, seedProvider, startSlackStandIn, waitFor } from "../support/notify";

let db: TestDatabase;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let service: Service | undefined;

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await service?.stop();
  await slack?.close();
  await db?.drop();
});

describe("the running service", () => {
  it("sends an event written by another process within 5 seconds", async () => {
    const config = loadConfig({
      DATABASE_URL: db.url,
      PORT: "0",
      HOST: "127.0.0.1",
      POLLING_ENABLED: "false",
      API_KEY,
      WEBHOOK_ALLOWLIST: slack.base,
      NOTIFY_POLL_MS: "1000",
    });
    service = await startService(config, pino({ level: "silent" }), { entries: [] });
    await seedProvider(db.prisma, "acme", "Acme");
    const res = await fetch(`http://127.0.0.1:${service.port}/api/v1/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ channel: "slack", target: slack.url("svc") }),
    });
    expect(res.status).toBe(201);

    // db.prisma is a separate client and pool: another process, as far as the service can tell.
    const written = Date.now();
    await db.prisma.event.create({
      data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: "svc:1", data: { reason: "timeout" } },
    });
    const hit = await waitFor("Slack message", () => slack.forPath("svc")[0], 5_000);
    expect(hit.at - written).toBeLessThan(5_000);
    expect(hit.body.text).toContain("[Unreachable] Acme");
  });
});
