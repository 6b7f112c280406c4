import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { NetClient } from "../../src/net";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig, silentLog, startSlackStandIn } from "../support/notify";

/**
 * A target's host name is resolved once at creation, bounded: a name that does not exist or only
 * resolves to refused addresses is a 400; a lookup that does not answer in time is no reason to refuse.
 */
let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startSlackStandIn>>;
const servers: Server[] = [];
const clients: NetClient[] = [];
let system: string;
let silent: string;

async function listen(net: NetClient): Promise<string> {
  clients.push(net);
  const config = notifyConfig({ webhookAllowlist: [receiver.base] });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, net } });
  const s = await new Promise<Server>((r) => {
    const srv = app.listen(0, "127.0.0.1", () => r(srv));
  });
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/v1`;
}

beforeAll(async () => {
  db = await freshDatabase();
  receiver = await startSlackStandIn();
  // The machine's own resolver: `.invalid` never resolves (RFC 6761), `localhost` is this machine.
  system = await listen(new NetClient());
  // A DNS server that never answers.
  silent = await listen(new NetClient({ resolver: () => new Promise(() => undefined) }));
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await Promise.all(clients.map((c) => c.close()));
  await receiver.close();
  await db.drop();
});

function subscribe(base: string, channel: string, target: string) {
  return fetch(`${base}/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ channel, target, events: ["source_unreachable"] }),
  });
}

describe("a subscription target's host name, resolved at creation", () => {
  it.each([
    [
      "a webhook on a name that does not exist",
      "webhook",
      "https://hooks.statuswatch-test.invalid/x/secretpart",
      "does not resolve: hooks.statuswatch-test.invalid could not be resolved (ENOTFOUND)",
    ],
    ["a Teams target on a name that does not exist", "teams", "https://example.statuswatch-test.invalid/webhook/secretpart", "does not resolve"],
    ["a webhook on localhost", "webhook", "https://localhost/x/secretpart", "localhost is a name for this machine or a metadata service; refused"],
  ])("refuses %s with 400 problem+json and stores nothing", async (_what, channel, target, why) => {
    const res = await subscribe(system, channel, target);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const text = await res.text();
    expect(text).toContain(why);
    expect(text).not.toContain("secretpart");
    expect(await db.prisma.subscription.count()).toBe(0);
  });

  it("accepts a name whose lookup times out after a bounded wait (every send is still checked at connect time)", async () => {
    const started = Date.now();
    const res = await subscribe(silent, "webhook", "https://slow-dns.test/x");
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(Date.now() - started).toBeLessThan(6_000);
  }, 15_000);

  it("still accepts an allowlisted loopback receiver without asking DNS", async () => {
    const res = await subscribe(silent, "slack", receiver.url("resolution"));
    expect(res.status).toBe(201);
  });
});
