import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { loadConfig, type NotifyConfig } from "../../src/config";
import { retryDelayMs } from "../../src/net";
import { Dispatcher } from "../../src/notify/dispatcher";
import { fanOut } from "../../src/notify/fanout";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, seedProvider, silentLog, startSlackStandIn, waitFor } from "../support/notify";

let db: TestDatabase;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
const running: Dispatcher[] = [];
let seq = 0;

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
  await seedProvider(db.prisma, "acme", "Acme");
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  slack.setResponder(() => ({ status: 200 }));
});

afterAll(async () => {
  await slack?.close();
  await db?.drop();
});

function cfg(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return notifyConfig({ webhookAllowlist: [slack.base], ...overrides });
}

function dispatcher(overrides: Partial<NotifyConfig> = {}): Dispatcher {
  const d = new Dispatcher({ prisma: db.prisma, config: cfg(overrides), log: silentLog });
  running.push(d);
  return d;
}

async function subscription(target: string): Promise<number> {
  const s = await db.prisma.subscription.create({ data: { channel: "slack", target, events: ["source_unreachable"], confirmedAt: new Date() } });
  return s.id;
}

async function event(reason: string): Promise<number> {
  const e = await db.prisma.event.create({
    data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: `t:${++seq}`, data: { reason } },
  });
  return e.id;
}

const reasons = (name: string) => slack.forPath(name).map((h) => /cannot read the status page: (\w+)/.exec(JSON.stringify(h.body.blocks))?.[1]);

describe("delivery retries", () => {
  it("retries server errors with backoff and sends once", async () => {
    await subscription(slack.url("flaky"));
    slack.setResponder((path, n) => ({ status: path.endsWith("/flaky") && n < 2 ? 500 : 200 }));
    await event("flaky1");
    dispatcher().start();
    await waitFor("delivery", () => slack.forPath("flaky").length === 1);
    // The receiver has the message before the dispatcher records that it was sent.
    await waitFor("sent", () => db.prisma.delivery.findFirst({ where: { subscription: { target: slack.url("flaky") }, status: "sent" } }));
    const tries = slack.attempts.filter((a) => a.path.endsWith("/flaky"));
    expect(tries.map((t) => t.status)).toEqual([500, 500, 200]);
    // The receiver has answered; the row is marked a moment later.
    const d = await waitFor("sent row", () => db.prisma.delivery.findFirst({ where: { subscription: { target: slack.url("flaky") }, status: "sent" } }));
    expect(d).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });

  it("honours Slack's 429 Retry-After", async () => {
    await subscription(slack.url("limited"));
    slack.setResponder((path, n) => (path.endsWith("/limited") && n === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 }));
    await event("limited1");
    dispatcher({ retryBaseMs: 10 }).start();
    await waitFor("delivery", () => slack.forPath("limited").length === 1);
    const [first, second] = slack.attempts.filter((a) => a.path.endsWith("/limited"));
    expect(first!.status).toBe(429);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it("does not count throttling (429) against the attempts", async () => {
    await subscription(slack.url("throttled"));
    slack.setResponder((path, n) => (path.endsWith("/throttled") && n < 6 ? { status: 429, headers: { "retry-after": "0" } } : { status: 200 }));
    await event("throttled1");
    dispatcher({ maxAttempts: 2 }).start();
    await waitFor("delivery", () => slack.forPath("throttled").length === 1);
    await waitFor("sent", () => db.prisma.delivery.findFirst({ where: { subscription: { target: slack.url("throttled") }, status: "sent" } }));
    expect(slack.attempts.filter((a) => a.path.endsWith("/throttled")).map((a) => a.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
    // The receiver has answered; the row is marked a moment later.
    const d = await waitFor("sent row", () => db.prisma.delivery.findFirst({ where: { subscription: { target: slack.url("throttled") }, status: "sent" } }));
    expect(d).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("turns the last failed attempt into a dead letter that the API shows and re-queues", async () => {
    const subId = await subscription(slack.url("dead-secret-part"));
    slack.setResponder((path) => ({ status: path.endsWith("/dead-secret-part") ? 503 : 200 }));
    await event("dead1");
    dispatcher().start();
    const dead = await waitFor("dead letter", () => db.prisma.delivery.findFirst({ where: { subscriptionId: subId, status: "failed" } }));
    expect(dead.attempts).toBe(4);
    expect(dead.lastError).toContain("HTTP 503");

    const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: cfg() } });
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
      const auth = { authorization: `Bearer ${API_KEY}` };
      const listed = await fetch(`${api}/deliveries?status=failed`, { headers: auth });
      const text = await listed.text();
      expect(text).not.toContain("dead-secret-part");
      const rows = JSON.parse(text).data as Array<{ id: number; lastError: string; target: string; status: string }>;
      expect(rows).toEqual([
        expect.objectContaining({ id: dead.id, status: "failed", lastError: expect.stringContaining("HTTP 503"), target: expect.stringContaining("****") }),
      ]);

      expect((await fetch(`${api}/deliveries/${dead.id}/retry`, { method: "POST" })).status).toBe(401);
      slack.setResponder(() => ({ status: 200 }));
      const retried = await fetch(`${api}/deliveries/${dead.id}/retry`, { method: "POST", headers: auth });
      expect(retried.status).toBe(202);
      await waitFor("re-delivery", () => slack.forPath("dead-secret-part").length === 1);
      expect((await fetch(`${api}/deliveries/${dead.id}/retry`, { method: "POST", headers: auth })).status).toBe(409);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("keeps a subscription's messages in event order while an earlier one waits for a retry", async () => {
    await subscription(slack.url("ordered"));
    slack.setResponder((path, n) => ({ status: path.endsWith("/ordered") && n === 0 ? 500 : 200 }));
    for (const r of ["first", "second", "third"]) await event(r);
    dispatcher({ retryBaseMs: 300 }).start();
    await waitFor("three messages", () => slack.forPath("ordered").length === 3);
    expect(reasons("ordered")).toEqual(["first", "second", "third"]);
  });

  it("delivers everything once when the receiver is down and then comes up", async () => {
    const down = await startSlackStandIn();
    const port = Number(new URL(down.base).port);
    await down.close(); // nothing listens: connections are refused
    const ids = [await subscription(`http://127.0.0.1:${port}/services/T/B/a`), await subscription(`http://127.0.0.1:${port}/services/T/B/b`)];
    for (const r of ["one", "two", "three"]) await event(r);
    const allow = { webhookAllowlist: [`http://127.0.0.1:${port}/services/`] };
    const d = dispatcher({ maxAttempts: 30, retryBaseMs: 100, retryMaxMs: 300, ...allow });
    const d2 = dispatcher({ maxAttempts: 30, retryBaseMs: 100, retryMaxMs: 300, ...allow });
    d.start();
    d2.start();
    await waitFor("failed attempts", async () => (await db.prisma.delivery.count({ where: { subscriptionId: { in: ids }, attempts: { gte: 2 } } })) >= 2);
    // The log says why: a refused connection, not just "fetch failed".
    const waiting = await db.prisma.delivery.findFirstOrThrow({ where: { subscriptionId: { in: ids }, attempts: { gte: 2 } } });
    expect(waiting.lastError).toContain("ECONNREFUSED");
    const up = await startSlackStandIn({ port });
    try {
      await waitFor("all six", () => up.posts.length >= 6);
      await new Promise((r) => setTimeout(r, 400));
      for (const name of ["a", "b"]) {
        expect(up.forPath(name).map((h) => /cannot read the status page: (\w+)/.exec(JSON.stringify(h.body.blocks))?.[1])).toEqual(["one", "two", "three"]);
      }
      expect(await db.prisma.delivery.count({ where: { subscriptionId: { in: ids }, status: "sent" } })).toBe(6);
    } finally {
      await up.close();
    }
  });

  it("never calls a webhook the allowlist no longer permits", async () => {
    const elsewhere = await startSlackStandIn();
    try {
      // Made while the allowlist still had this receiver; the operator has since removed it.
      await subscription(elsewhere.url("removed"));
      await event("removed1");
      dispatcher().start();
      const d = await waitFor("dead letter", () =>
        db.prisma.delivery.findFirst({ where: { subscription: { target: elsewhere.url("removed") }, status: "failed" } }),
      );
      expect(d.lastError).toContain("not allowed by WEBHOOK_ALLOWLIST");
      expect(d.lastError).not.toContain("removed");
      expect(elsewhere.attempts).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("turns a message that cannot be built into a dead letter instead of blocking the subscription", async () => {
    await subscription(slack.url("unbuildable"));
    await event("unbuildable1");
    // A broken PUBLIC_URL makes building the message throw, as a bug in a renderer would.
    dispatcher({ publicUrl: "not a url" }).start();
    const d = await waitFor("dead letter", () =>
      db.prisma.delivery.findFirst({ where: { subscription: { target: slack.url("unbuildable") }, status: "failed" } }),
    );
    expect(d.lastError).toMatch(/^permanent: the message could not be built/);
    expect(slack.forPath("unbuildable")).toEqual([]);
  });

  it("re-sends only the one message a crashed process had in flight", async () => {
    await db.prisma.subscription.updateMany({ data: { paused: true } });
    await subscription(slack.url("crash"));
    await event("inflight");
    const crashed = dispatcher({ leaseMs: 300 });
    await fanOut(db.prisma, cfg());
    const claimed = await crashed.claim(10);
    expect(claimed).toHaveLength(1); // claimed, then the process "dies" before sending
    dispatcher({ leaseMs: 300 }).start();
    await waitFor("re-send after the lease", () => slack.forPath("crash").length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(slack.forPath("crash")).toHaveLength(1);
    const d = await db.prisma.delivery.findFirstOrThrow({ where: { id: claimed[0]!.id } });
    expect(d).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("retryDelayMs for notifications", () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [3, 0, 2000],
    [3, 1, 4000],
    [20, 1, 60_000],
  ])("attempt %i with random %d waits %i ms", (attempt, r, expected) => {
    expect(retryDelayMs(attempt, 1000, 60_000, undefined, { random: () => r })).toBe(expected);
  });
  it("waits at least what Retry-After says", () => {
    expect(retryDelayMs(1, 1000, 60_000, 30_000, { random: () => 0.5 })).toBeGreaterThanOrEqual(30_000);
  });

  it("by default keeps retrying for minutes but never waits more than 30 s once a receiver is back", () => {
    const defaults = loadConfig({}).notify;
    const gaps = (random: number) =>
      Array.from({ length: defaults.maxAttempts - 1 }, (_, i) =>
        retryDelayMs(i + 1, defaults.retryBaseMs, defaults.retryMaxMs, undefined, { random: () => random }),
      );
    const shortest = gaps(0).reduce((a, b) => a + b, 0);
    expect(shortest).toBeGreaterThan(5 * 60_000);
    expect(Math.max(...gaps(0.999))).toBeLessThanOrEqual(30_000);
  });
});
