import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { Dispatcher } from "../../src/notify/dispatcher";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startServer, type TestServer } from "../support/http-server";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, notifyConfig, seedProvider, silentLog, waitFor } from "../support/notify";

/** A Slack stand-in that can hold a post open (a slow Slack, or one the sender dies waiting on). */
interface Post {
  reason: string;
  at: number;
}

let db: TestDatabase;
let slack: TestServer;
let posts: Post[] = [];
let holdReason: string | undefined;
let holdMs = Infinity;
let seq = 0;
const instances: Instance[] = [];
const dispatchers: Dispatcher[] = [];
let dir: string;

beforeAll(async () => {
  db = await freshDatabase();
  await seedProvider(db.prisma, "acme", "Acme");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-crash-"));
  slack = await startServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const reason = /cannot read the status page: (\w+)/.exec(raw)?.[1] ?? "?";
      posts.push({ reason, at: Date.now() });
      const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      if (reason === holdReason) {
        if (Number.isFinite(holdMs)) setTimeout(answer, holdMs);
        return;
      }
      answer();
    });
  });
});

afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  await db.prisma.subscription.deleteMany();
  posts = [];
  holdReason = undefined;
});

afterAll(async () => {
  await slack.close();
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function subscribe(name: string): Promise<void> {
  await db.prisma.subscription.create({
    data: { channel: "slack", target: `${slack.url}/services/T0/B0/${name}`, events: ["source_unreachable"], confirmedAt: new Date() },
  });
}

async function events(...reasons: string[]): Promise<void> {
  for (const reason of reasons) {
    await db.prisma.event.create({
      data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: `crash:${++seq}`, data: { reason } },
    });
  }
}

describe("delivery crash recovery", () => {
  it("keeps a slow send's claim alive with a heartbeat, so a short lease never sends it twice", async () => {
    await subscribe("slow");
    holdReason = "slowsend";
    holdMs = 4_000;
    await events("slowsend");
    const cfg = notifyConfig({ webhookAllowlist: [`${slack.url}/`], leaseMs: 1_500, pollMs: 50, sendTimeoutMs: 10_000 });
    const a = new Dispatcher({ prisma: db.prisma, config: cfg, log: silentLog, instanceId: "a" });
    dispatchers.push(a);
    a.start();
    await waitFor("the slow post", () => posts.length === 1);
    // Another instance looks for stale claims all through the send.
    const b = new Dispatcher({ prisma: db.prisma, config: cfg, log: silentLog, instanceId: "b" });
    dispatchers.push(b);
    b.start();
    await waitFor("sent", async () => (await db.prisma.delivery.findFirst({ where: { status: "sent" } })) !== null, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(posts.map((p) => p.reason)).toEqual(["slowsend"]);
  }, 30_000);

  it("a SIGKILLed instance's message in flight goes again as soon as it restarts, and later ones follow in order", async () => {
    await subscribe("crash");
    holdReason = "first";
    holdMs = Infinity;
    await events("first", "second", "third");
    const file = path.join(dir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "acme", name: "Acme", kind: "statuspage", url: "http://127.0.0.1:9/" }]));
    const env = {
      DATABASE_URL: db.url,
      PROVIDERS_FILE: file,
      POLLING_ENABLED: "false",
      NOTIFY_POLL_MS: "100",
      // Long on purpose: recovery must not wait for it.
      NOTIFY_LEASE_MS: "120000",
      INSTANCE_ID: "crashy",
      API_KEY,
      WEBHOOK_ALLOWLIST: `${slack.url}/`,
    };
    const first = await startInstance(env);
    instances.push(first);
    await waitFor("the first message, held open", () => posts.some((p) => p.reason === "first"), 20_000);
    await first.kill();
    const stuck = await db.prisma.delivery.findMany({ where: { status: "sending" } });
    expect(stuck.map((d) => d.claimedBy)).toEqual(["crashy"]);
    expect(posts.map((p) => p.reason)).toEqual(["first"]);

    holdReason = undefined;
    const restarted = await startInstance(env);
    const listeningAt = Date.now();
    instances.push(restarted);
    await waitFor("all three delivered", () => posts.length === 4, 30_000);
    expect(posts.map((p) => p.reason)).toEqual(["first", "first", "second", "third"]);
    // Once it listens, the resend is a matter of its first dispatcher tick, not of the 120 s lease.
    expect(posts[1]!.at - listeningAt).toBeLessThan(10_000);
    await waitFor("rows sent", async () => (await db.prisma.delivery.count({ where: { status: "sent" } })) === 3);
  }, 150_000);
});
