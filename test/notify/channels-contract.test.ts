import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ParsedMail } from "mailparser";
import { Webhook } from "standardwebhooks";
import { createApi } from "../../src/api/app";
import { CHANNEL_NAMES, channels, type ChannelName } from "../../src/notify/channels";
import { DISCORD_COLOR } from "../../src/notify/channels/discord";
import { WebhookEventV1 } from "../../src/notify/channels/webhook-event";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { NetClient } from "../../src/net";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { startReceiver, type ReceivedPost, type Receiver } from "../support/channel-receiver";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, incident, minute, notifyConfig, seedProvider, silentLog, snapshot, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let rx: Receiver;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const servers: Server[] = [];
let dispatcher: Dispatcher | undefined;

const ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
const INCIDENT_EVENTS = ["incident_opened", "incident_status_changed", "incident_resolved"];

/** Names that resolve to private addresses: a hijacked vendor host, an internal service. */
const hostile = new NetClient({ resolver: async () => [{ address: "10.0.0.7", family: 4 }] });
/** The system resolver; the local receivers are on loopback, under WEBHOOK_ALLOWLIST. */
const net = new NetClient();

const config = (allow: string[]) => notifyConfig({ webhookAllowlist: allow, smtpUrl: smtp.url });

async function api(allow: string[], client: NetClient = net): Promise<string> {
  const app = createApi({
    prisma: db.prisma,
    log: silentLog,
    notify: { apiKey: API_KEY, config: config(allow), mailer: createMailer(config(allow)), net: client },
  });
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

async function call(base: string, path: string, body?: object): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}

const factValue = (p: ReceivedPost, title: string) =>
  ((p.json as any).attachments[0].content.body as any[]).find((b) => b.type === "FactSet").facts.find((f: any) => f.title === title)?.value;

/** Per channel: how to subscribe it to the local receivers, and how to read one message off the wire. */
interface Harness {
  subscribe(name: string): { target: string; config?: object };
  /** The message's status tag, or for PagerDuty its action; undefined if the shape is wrong. */
  read(p: ReceivedPost): string | undefined;
  expected: string[];
  /** Private-address forms the channel must refuse (its vendor host resolving privately, literals). */
  hostileTargets: Array<{ target: string; config?: object }>;
}

const TAGS = ["Investigating", "Identified", "Monitoring", "Resolved"];
const literals = [
  "https://127.0.0.1/hooks/x",
  "https://2130706433/hooks/x",
  "https://[::ffff:127.0.0.1]/hooks/x",
  "https://169.254.169.254/latest/x",
  "https://0x7f.1/hooks/x",
];

const harness: { [C in Exclude<ChannelName, "email">]: Harness } = {
  slack: {
    subscribe: (n) => ({ target: rx.url(`slack-${n}`) }),
    read: (p) => /\[([^\]]+)\]/.exec((p.json as any).text)?.[1],
    expected: TAGS,
    hostileTargets: [{ target: "https://hooks.slack.com/services/T/B/x" }, ...literals.map((target) => ({ target }))],
  },
  webhook: {
    subscribe: (n) => ({ target: rx.url(`webhook-${n}`) }),
    read: (p) => (WebhookEventV1.safeParse(p.json).success ? (p.json as any).data.tag : undefined),
    expected: TAGS,
    hostileTargets: [{ target: "https://internal.example/hook" }, ...literals.map((target) => ({ target }))],
  },
  teams: {
    subscribe: (n) => ({ target: rx.url(`teams-${n}`) }),
    read: (p) => {
      const a = (p.json as any)?.attachments?.[0];
      return (p.json as any).type === "message" && a?.contentType === "application/vnd.microsoft.card.adaptive" && a.content.type === "AdaptiveCard"
        ? factValue(p, "Status")
        : undefined;
    },
    expected: TAGS,
    hostileTargets: [{ target: "https://internal.example/workflows/x" }, ...literals.map((target) => ({ target }))],
  },
  discord: {
    subscribe: (n) => ({ target: rx.url(`discord-${n}`) }),
    read: (p) => (p.json as any).embeds?.[0]?.fields?.find((f: any) => f.name === "Status")?.value,
    expected: TAGS,
    hostileTargets: [{ target: "https://discord.com/api/webhooks/1/x" }, ...literals.map((target) => ({ target }))],
  },
  googlechat: {
    subscribe: (n) => ({ target: `${rx.url(`googlechat-${n}`)}?key=k&token=secret-token` }),
    read: (p) => (p.json as any).cardsV2?.[0]?.card?.header?.subtitle,
    expected: TAGS,
    hostileTargets: [{ target: "https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t" }, ...literals.map((target) => ({ target }))],
  },
  pagerduty: {
    subscribe: (n) => ({ target: ROUTING_KEY, config: { eventsUrl: rx.url(`pagerduty-${n}`) } }),
    read: (p) => (p.json as any).event_action,
    expected: ["trigger", "resolve"],
    hostileTargets: [
      { target: ROUTING_KEY, config: { eventsUrl: "https://events.pagerduty.com/v2/enqueue" } },
      ...literals.map((eventsUrl) => ({ target: ROUTING_KEY, config: { eventsUrl } })),
    ],
  },
};
const URL_CHANNELS = Object.keys(harness) as Array<keyof typeof harness>;

beforeAll(async () => {
  db = await freshDatabase();
  rx = await startReceiver();
  smtp = await startSmtp();
  await seedProvider(db.prisma, "acme", "Acme");
});

afterAll(async () => {
  await dispatcher?.stop();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await net.close();
  await hostile.close();
  await rx?.close();
  await smtp?.close();
  await db?.drop();
});

describe("every channel", () => {
  it("is covered by this contract (every registered channel but email, which is tested over SMTP, has a harness)", () => {
    expect([...URL_CHANNELS, "email"].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it("receives one correctly shaped message per transition of a replayed incident, in order", async () => {
    const base = await api([rx.base]);
    const ids = new Map<string, number>();
    let webhookSecret = "";
    for (const c of URL_CHANNELS) {
      const r = await call(base, "/subscriptions", { channel: c, ...harness[c].subscribe("replay"), events: INCIDENT_EVENTS });
      expect(r.status).toBe(201);
      ids.set(c, r.json.data.id);
      if (c === "webhook") webhookSecret = r.json.data.secret;
    }
    const mail = await call(base, "/subscriptions", { channel: "email", target: "replay@example.test", events: INCIDENT_EVENTS });
    expect(mail.status).toBe(201);
    const confirmation = await waitFor("confirmation", () => smtp.to("replay@example.test")[0]);
    const link = /confirm\?token=(\S+)/.exec(confirmation.text ?? "")![1]!;
    expect((await fetch(`${base}/subscriptions/confirm?token=${link}`)).status).toBe(200);

    dispatcher = new Dispatcher({ prisma: db.prisma, config: config([rx.base]), log: silentLog, mailer: createMailer(config([rx.base])) });
    dispatcher.start();
    await ingestSnapshot(db.prisma, "acme", snapshot({}), {}, minute(0)); // first sight: backfill
    for (const [status, m] of [
      ["investigating", 1],
      ["identified", 10],
      ["monitoring", 20],
      ["resolved", 30],
    ] as const) {
      await ingestSnapshot(db.prisma, "acme", snapshot({ incidents: [incident(status, m)] }), {}, minute(m));
    }
    await waitFor(
      "every channel's messages",
      () => URL_CHANNELS.every((c) => rx.forPath(`${c}-replay`).length >= harness[c].expected.length) && smtp.to("replay@example.test").length >= 5,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive now
    await dispatcher.stop();

    for (const c of URL_CHANNELS) {
      expect({ channel: c, got: rx.forPath(`${c}-replay`).map((p) => harness[c].read(p)) }).toEqual({ channel: c, got: harness[c].expected });
    }
    expect(
      smtp
        .to("replay@example.test")
        .slice(1)
        .map((m: ParsedMail) => /^\[(\w+)\]/.exec(m.subject ?? "")?.[1]),
    ).toEqual(TAGS);

    // Webhook: Standard Webhooks signature, verified by the reference library and by the spec's algorithm.
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const hooks = rx.forPath("webhook-replay");
    for (const p of hooks) {
      const headers = {
        "webhook-id": String(p.headers["webhook-id"]),
        "webhook-timestamp": String(p.headers["webhook-timestamp"]),
        "webhook-signature": String(p.headers["webhook-signature"]),
      };
      expect(() => new Webhook(webhookSecret).verify(p.raw, headers)).not.toThrow();
      const expected = createHmac("sha256", Buffer.from(webhookSecret.slice("whsec_".length), "base64"))
        .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${p.raw}`)
        .digest("base64");
      expect(headers["webhook-signature"].split(" ")).toContain(`v1,${expected}`);
      expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
      expect((p.json as any).id).toBe(headers["webhook-id"]);
      expect(() => new Webhook(webhookSecret).verify(p.raw.replace('"version":1', '"version":2'), headers)).toThrow();
    }
    expect(new Set(hooks.map((p) => p.headers["webhook-id"])).size).toBe(4); // one id per event: receivers de-duplicate retries by it
    expect((hooks[0]!.json as any).type).toBe("incident_opened");
    expect((hooks[3]!.json as any).data).toMatchObject({ durationSeconds: 1800, components: ["API", "Dashboard"], provider: { id: "acme", name: "Acme" } });

    // PagerDuty: trigger then resolve, one dedup_key, severity from the incident's impact (major → error).
    const pd = rx.forPath("pagerduty-replay").map((p) => p.json as any);
    expect(pd.map((e) => e.routing_key)).toEqual([ROUTING_KEY, ROUTING_KEY]);
    expect(new Set(pd.map((e) => e.dedup_key)).size).toBe(1);
    expect(pd[0]).toMatchObject({
      event_action: "trigger",
      payload: { severity: "error", source: "Acme", summary: "[Investigating] Acme: Elevated errors on API" },
    });

    // Discord: colour by status (major impact → orange, resolved → green), a link, fields.
    const embeds = rx.forPath("discord-replay").map((p) => (p.json as any).embeds[0]);
    expect(embeds[0].color).toBe(DISCORD_COLOR.major);
    expect(embeds[3].color).toBe(DISCORD_COLOR.recovered);
    expect(embeds[0].url).toMatch(/^http:\/\/statuswatch\.test\/incidents\/\d+$/);
    expect((rx.forPath("discord-replay")[0]!.json as any).allowed_mentions).toEqual({ parse: [] });

    // Google Chat: one thread per incident, continued or started.
    const chat = rx.forPath("googlechat-replay");
    expect(chat.every((p) => new URL(p.url, rx.base).searchParams.get("messageReplyOption") === "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")).toBe(true);
    expect(chat.every((p) => new URL(p.url, rx.base).searchParams.get("token") === "secret-token")).toBe(true);
    expect(new Set(chat.map((p) => (p.json as any).thread.threadKey)).size).toBe(1);

    // Teams: the Workflows envelope around an Adaptive Card with links.
    const card = (rx.forPath("teams-replay")[3]!.json as any).attachments[0].content;
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(card.actions.map((a: any) => a.title)).toEqual(["Status page", "In statuswatch"]);
  }, 40_000);

  it("answers a webhook's secret once, at creation, and masks every channel's secrets after", async () => {
    const base = await api([rx.base]);
    const created = await call(base, "/subscriptions", { channel: "webhook", target: rx.url("secret-once") });
    const secret = created.json.data.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const listed = await call(base, "/subscriptions");
    expect(listed.text).not.toContain(secret.slice(6));
    expect(listed.text).not.toContain("secret-token");
    expect(listed.text).not.toContain(ROUTING_KEY);
    const one = await call(base, `/subscriptions/${created.json.data.id}`);
    expect(one.json.data).toMatchObject({ channel: "webhook", config: { secret: "whsec_****" } });
    expect(one.json.data.secret).toBeUndefined();
  });

  it.each(URL_CHANNELS)("%s: refuses private, loopback and metadata targets at creation unless allowlisted", async (c) => {
    const base = await api([], hostile);
    for (const body of harness[c].hostileTargets) {
      const r = await call(base, "/subscriptions", { channel: c, ...body });
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(r.text).not.toContain("10.0.0.7");
    }
    // The same local receiver is fine once WEBHOOK_ALLOWLIST names it.
    const allowed = await api([rx.base], hostile);
    expect((await call(allowed, "/subscriptions", { channel: c, ...harness[c].subscribe("allowed") })).status).toBe(201);
  });

  it.each(URL_CHANNELS)("%s: refuses to send to a target no longer allowed, whatever is stored", async (c) => {
    const { target, config: cfg } = harness[c].subscribe("narrowed");
    const stored = c === "webhook" ? { secret: `whsec_${Buffer.alloc(32, 1).toString("base64")}` } : channels[c].config.parse(cfg ?? {});
    const sub = await db.prisma.subscription.create({
      data: { channel: c, target, config: stored as object, events: ["incident_opened"], confirmedAt: new Date() },
    });
    const before = rx.attempts.length;
    const narrowed = await api([]); // the allowlist no longer names the receiver
    const r = await call(narrowed, `/subscriptions/${sub.id}/test`, {});
    expect(r.status).toBe(200);
    expect(r.json.data).toMatchObject({
      delivered: false,
      kind: "permanent",
      reason: expect.stringContaining("not allowed by WEBHOOK_ALLOWLIST or the address checks"),
    });
    expect(rx.attempts.length).toBe(before);
    expect(r.text).not.toContain("secret-token");
  });

  it.each(URL_CHANNELS)("%s: the test endpoint sends a test message and reports the receiver's answer", async (c) => {
    const base = await api([rx.base]);
    const created = await call(base, "/subscriptions", { channel: c, ...harness[c].subscribe("test") });
    const ok = await call(base, `/subscriptions/${created.json.data.id}/test`, {});
    expect(ok.json.data).toEqual({ delivered: true, answer: expect.stringMatching(/answered HTTP 200/) });
    expect(rx.forPath(`${c}-test`)).toHaveLength(1);
    rx.setResponder((path) => (path.endsWith(`/${c}-test`) ? { status: 400, body: "invalid payload" } : { status: 200, body: "ok" }));
    try {
      const refused = await call(base, `/subscriptions/${created.json.data.id}/test`, {});
      expect(refused.json.data).toEqual({ delivered: false, kind: "permanent", reason: expect.stringMatching(/HTTP 400: invalid payload/) });
    } finally {
      rx.setResponder(() => ({ status: 200, body: "ok" }));
    }
  });

  it.each(URL_CHANNELS)("%s: retries through the dispatcher, honours the receiver's wait, sends once", async (c) => {
    const base = await api([rx.base]);
    const created = await call(base, "/subscriptions", { channel: c, ...harness[c].subscribe("retry"), events: ["source_unreachable", "incident_opened"] });
    // Discord says how long to wait in its body; everyone else in Retry-After.
    const wait =
      c === "discord"
        ? { status: 429, body: JSON.stringify({ message: "You are being rate limited.", retry_after: 0.3, global: false }) }
        : { status: 429, headers: { "retry-after": "0.3" } };
    rx.setResponder((path, n) =>
      path.endsWith(`/${c}-retry`) ? (n === 0 ? { status: 503 } : n === 1 ? wait : { status: 200, body: "ok" }) : { status: 200, body: "ok" },
    );
    const d = new Dispatcher({ prisma: db.prisma, config: config([rx.base]), log: silentLog });
    try {
      const e = await db.prisma.event.create({
        data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: `retry:${c}`, data: { reason: "HTTP 503" } },
      });
      d.start();
      const sent = await waitFor(
        "sent",
        () => db.prisma.delivery.findFirst({ where: { eventId: e.id, subscriptionId: created.json.data.id, status: "sent" } }),
        10_000,
      );
      const tries = rx.attempts.filter((a) => a.path.endsWith(`/${c}-retry`));
      expect(tries.map((a) => a.status)).toEqual([503, 429, 200]);
      expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(280);
      expect(sent.attempts).toBe(2); // the 429 did not use up an attempt
      expect(rx.forPath(`${c}-retry`)).toHaveLength(1);
    } finally {
      await d.stop();
      rx.setResponder(() => ({ status: 200, body: "ok" }));
    }
  });
});
