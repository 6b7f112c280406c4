import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import type { NotifyConfig } from "../../src/config";
import { NetClient } from "../../src/net";
import { Dispatcher } from "../../src/notify/dispatcher";
import { freshDatabase, type TestDatabase } from "../support/db";
import { fakeDns } from "../support/dns";
import { API_KEY, notifyConfig, seedProvider, silentLog, startSlackStandIn, waitFor } from "../support/notify";

let db: TestDatabase;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let server: Server;
let api: string;
let config: NotifyConfig;
let port: number;
// What hooks.slack.com resolves to, as the test decides: public at first.
const dns: Record<string, string[]> = { "hooks.slack.com": ["8.8.8.8"], "relay.test": ["10.0.0.5"] };
const net = new NetClient({ resolver: fakeDns(dns) });

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
  port = Number(new URL(slack.base).port);
  await seedProvider(db.prisma, "acme", "Acme");
  config = notifyConfig({ webhookAllowlist: [slack.base] });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, net } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await net.close();
  await slack.close();
  await db.drop();
});

function subscribe(target: string) {
  return fetch(`${api}/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ channel: "slack", target, events: ["source_unreachable"] }),
  });
}

describe("Slack targets in disguised private forms", () => {
  it.each([
    ["IPv4-mapped loopback", () => `http://[::ffff:7f00:1]:${port}/services/T/B/secretpart`, "::ffff:7f00:1 (127.0.0.1) is a loopback address; refused"],
    ["IPv4-mapped loopback, dotted", () => `http://[::ffff:127.0.0.1]:${port}/services/T/B/secretpart`, "written in disguise (it is [::ffff:7f00:1])"],
    ["IPv4-mapped metadata", () => "http://[::ffff:a9fe:a9fe]/latest/secretpart", "::ffff:a9fe:a9fe (169.254.169.254) is a cloud metadata address"],
    // These two are the allowlisted receiver in disguise: refused for the disguise.
    ["decimal loopback", () => `http://2130706433:${port}/services/T/B/secretpart`, "an IP address written in disguise (it is 127.0.0.1)"],
    ["short loopback", () => `http://127.1:${port}/services/T/B/secretpart`, "an IP address written in disguise (it is 127.0.0.1)"],
    ["NAT64 loopback", () => `https://[64:ff9b::7f00:1]/services/T/B/secretpart`, "64:ff9b::7f00:1 (127.0.0.1) is a loopback address; refused"],
    [
      "a Slack name resolving to a private address",
      () => "https://hooks.slack.com/services/T/B/secretpart",
      "hooks.slack.com resolves to a private, loopback or metadata address; refused",
    ],
  ])("are refused with 400 even though WEBHOOK_ALLOWLIST allows 127.0.0.1: %s", async (what, target, why) => {
    dns["hooks.slack.com"] = what.startsWith("a Slack name") ? ["8.8.8.8", "10.0.0.9"] : ["8.8.8.8"];
    const res = await subscribe(target());
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const text = await res.text();
    expect(text).toContain(why);
    expect(text).not.toContain("secretpart");
    expect(await db.prisma.subscription.count()).toBe(0);
  });

  it("lets the allowlisted loopback receiver through, and a public Slack name", async () => {
    dns["hooks.slack.com"] = ["8.8.8.8"];
    expect((await subscribe(slack.url("allowed"))).status).toBe(201);
    expect((await subscribe("https://hooks.slack.com/services/T/B/public")).status).toBe(201);
    await db.prisma.subscription.deleteMany();
  });
});

describe("a Slack target whose name later resolves to a blocked address", () => {
  it("is refused when the message is sent, at connect time, and becomes a dead letter", async () => {
    dns["hooks.slack.com"] = ["8.8.8.8"];
    const created = await subscribe("https://hooks.slack.com/services/T/B/rebound");
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: number } };
    await db.prisma.subscription.update({ where: { id: data.id }, data: { confirmedAt: new Date() } });
    // DNS rebinding: the name now points at this machine.
    dns["hooks.slack.com"] = ["127.0.0.1"];
    await db.prisma.event.create({
      data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: "rebind:1", data: { reason: "x" } },
    });
    const dispatcher = new Dispatcher({ prisma: db.prisma, config, log: silentLog, net });
    dispatcher.start();
    try {
      const dead = await waitFor("dead letter", () => db.prisma.delivery.findFirst({ where: { subscriptionId: data.id, status: "failed" } }));
      expect(dead.attempts).toBe(1);
      expect(dead.lastError).toBe("permanent: Slack request refused: hooks.slack.com resolved to 127.0.0.1, a loopback address; refused");
      expect(slack.attempts).toEqual([]);
    } finally {
      await dispatcher.stop();
    }
  });
});
