import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "../../src/api/app";
import { NetClient } from "../../src/net";
import { createMailer } from "../../src/notify/dispatcher";
import { freshDatabase, type TestDatabase } from "../support/db";
import { fakeDns } from "../support/dns";
import { API_KEY, notifyConfig, seedProvider, silentLog, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const servers: Server[] = [];
let base: string;
let noKeyBase: string;
const SECRET_HOOK = "https://hooks.slack.com/services/T0SECRET1/B0SECRET2/verysecrettokenvalue123";
// Slack's name resolves as the test says (a public address): targets are resolved at creation, and tests stay off the network.
const net = new NetClient({ resolver: fakeDns({ "hooks.slack.com": ["8.8.8.8"] }) });

async function listen(app: ReturnType<typeof createApi>): Promise<string> {
  const s = await new Promise<Server>((r) => {
    const srv = app.listen(0, "127.0.0.1", () => r(srv));
  });
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/v1`;
}

beforeAll(async () => {
  db = await freshDatabase();
  smtp = await startSmtp();
  await seedProvider(db.prisma, "acme", "Acme");
  const config = notifyConfig({ smtpUrl: smtp.url, webhookAllowlist: ["http://127.0.0.1:9/allowed/"] });
  base = await listen(createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config, mailer: createMailer(config), net } }));
  noKeyBase = await listen(createApi({ prisma: db.prisma, log: silentLog }));
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await smtp?.close();
  await net.close();
  await db?.drop();
});

function call(method: string, path: string, body?: unknown, key: string | null = API_KEY, root = base) {
  return fetch(`${root}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const text = await res.text();
  expect(JSON.parse(text).status).toBe(status);
  return text;
}

describe("subscriptions API", () => {
  it("refuses without a key, with a wrong key, and when no key is configured; nothing is stored", async () => {
    await expectProblem(await call("POST", "/subscriptions", { channel: "slack", target: SECRET_HOOK }, null), 401);
    await expectProblem(await call("POST", "/subscriptions", { channel: "slack", target: SECRET_HOOK }, "wrong-key-wrong-key-wrong"), 401);
    await expectProblem(await call("POST", "/subscriptions", { channel: "slack", target: SECRET_HOOK }, API_KEY, noKeyBase), 401);
    await expectProblem(await call("GET", "/subscriptions", undefined, null), 401);
    await expectProblem(await call("GET", "/deliveries?status=failed", undefined, null), 401);
    await expectProblem(await call("DELETE", "/subscriptions/1", undefined, "nope"), 401);
    expect(await db.prisma.subscription.count()).toBe(0);
  });

  it.each([
    ["a non-Slack URL", { channel: "slack", target: "https://evil.example.com/hook" }],
    ["plain http to Slack", { channel: "slack", target: "http://hooks.slack.com/services/T/B/x" }],
    ["a look-alike host", { channel: "slack", target: "https://hooks.slack.com.evil.test/services/T/B/x" }],
    ["not a URL", { channel: "slack", target: "hooks.slack.com/services/x" }],
    ["an invalid email", { channel: "email", target: "not-an-email" }],
    ["an unknown channel", { channel: "pager", target: "x" }],
    ["an unknown provider", { channel: "slack", target: SECRET_HOOK, providers: ["nope"] }],
    ["an unknown event kind", { channel: "slack", target: SECRET_HOOK, events: ["everything"] }],
    ["the internal flap-summary kind", { channel: "slack", target: SECRET_HOOK, events: ["component_flapping"] }],
    ["a path that climbs out of the allowed prefix", { channel: "slack", target: "http://127.0.0.1:9/allowed/../admin/x" }],
    ["an encoded climb out of the allowed prefix", { channel: "slack", target: "http://127.0.0.1:9/allowed/%2e%2e/admin/x" }],
    ["a climb through a subfolder", { channel: "slack", target: "http://127.0.0.1:9/allowed/a/../../admin/x" }],
    ["an encoded slash the receiver might decode", { channel: "slack", target: "http://127.0.0.1:9/allowed/..%2fadmin/x" }],
    ["a port that merely starts like the allowed one", { channel: "slack", target: "http://127.0.0.1:91/allowed/x" }],
    ["Slack's host with a climb to the root", { channel: "slack", target: "https://hooks.slack.com/services/../" }],
    ["an unknown impact", { channel: "slack", target: SECRET_HOOK, minImpact: "huge" }],
    ["an unknown field", { channel: "slack", target: SECRET_HOOK, color: "red" }],
  ])("refuses %s with 400 problem+json and stores nothing", async (_name, body) => {
    const text = await expectProblem(await call("POST", "/subscriptions", body), 400);
    expect(text).not.toContain("verysecrettokenvalue123");
    expect(text).not.toContain("evil.example.com/hook");
    expect(await db.prisma.subscription.count()).toBe(0);
  });

  it("stores a Slack subscription and never shows its full URL", async () => {
    const res = await call("POST", "/subscriptions", { channel: "slack", target: SECRET_HOOK, providers: ["acme"], minImpact: "major" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { data: { id: number; target: string; events: string[]; confirmed: boolean } };
    expect(created.data.target).toBe("https://hooks.slack.com/services/T0SE…/****");
    expect(created.data.events).toEqual(expect.arrayContaining(["incident_opened", "incident_resolved", "source_unreachable"]));
    expect(created.data.confirmed).toBe(true);
    const id = created.data.id;

    const bodies = await Promise.all([
      call("GET", "/subscriptions").then((r) => r.text()),
      call("GET", `/subscriptions/${id}`).then((r) => r.text()),
      call("PATCH", `/subscriptions/${id}`, { paused: true, components: ["API"] }).then((r) => r.text()),
      call("GET", "/deliveries").then((r) => r.text()),
    ]);
    for (const b of bodies) expect(b).not.toContain("verysecrettokenvalue123");
    expect(JSON.parse(bodies[2]!).data).toMatchObject({ paused: true, components: ["API"] });
    expect(JSON.parse(bodies[0]!).data).toHaveLength(1);

    const patchTarget = await expectProblem(await call("PATCH", `/subscriptions/${id}`, { target: "https://x.test" }), 400);
    expect(patchTarget).toContain("cannot be changed: delete the subscription and create another");
    expect(patchTarget).not.toContain("name at least one field");
    expect((await call("DELETE", `/subscriptions/${id}`)).status).toBe(204);
    await expectProblem(await call("GET", `/subscriptions/${id}`), 404);
  });

  it("accepts a non-Slack URL only under WEBHOOK_ALLOWLIST", async () => {
    const res = await call("POST", "/subscriptions", { channel: "slack", target: "http://127.0.0.1:9/allowed/hook-secret" });
    expect(res.status).toBe(201);
    expect(await res.text()).not.toContain("hook-secret");
  });

  it("stores a webhook URL as it will be called, dot segments resolved", async () => {
    const res = await call("POST", "/subscriptions", { channel: "slack", target: "http://127.0.0.1:9/allowed/team/../hook-2" });
    expect(res.status).toBe(201);
    const { id } = ((await res.json()) as { data: { id: number } }).data;
    expect((await db.prisma.subscription.findUniqueOrThrow({ where: { id } })).target).toBe("http://127.0.0.1:9/allowed/hook-2");
  });

  it("confirms email by link, and unsubscribes by token alone (GET and one-click POST)", async () => {
    const created = await call("POST", "/subscriptions", { channel: "email", target: "Person@Example.test" });
    expect(created.status).toBe(201);
    const data = ((await created.json()) as { data: { id: number; confirmed: boolean; target: string } }).data;
    expect(data).toMatchObject({ confirmed: false, target: "person@example.test" });

    const mail = await waitFor("confirmation", () => smtp.to("person@example.test")[0]);
    const token = /confirm\?token=([\w-]+)/.exec(mail.text ?? "")![1]!;
    await expectProblem(await fetch(`${base}/subscriptions/confirm?token=${"x".repeat(43)}`), 404);
    const ok = await fetch(`${base}/subscriptions/confirm?token=${token}`);
    expect(await ok.json()).toEqual({ data: { id: data.id, confirmed: true } });
    await expectProblem(await fetch(`${base}/subscriptions/confirm?token=${token}`), 404); // used once
    const row = await db.prisma.subscription.findUniqueOrThrow({ where: { id: data.id } });
    expect(row.confirmedAt).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(token); // only hashes are stored

    const unsubscribeUrl = /<([^>]+)>/.exec(mail.headerLines.find((h) => h.key === "list-unsubscribe")!.line)![1]!;
    const local = unsubscribeUrl.replace("http://statuswatch.test/api/v1", base);
    await expectProblem(await fetch(local.replace(/token=.*/, `token=${"y".repeat(43)}`), { method: "POST" }), 404);
    const one = await fetch(local, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(one.status).toBe(200);
    expect(await db.prisma.subscription.count({ where: { id: data.id } })).toBe(0);

    // GET works as well, for people clicking the link.
    const again = await call("POST", "/subscriptions", { channel: "email", target: "second@example.test" });
    const secondId = ((await again.json()) as { data: { id: number } }).data.id;
    const mail2 = await waitFor("second confirmation", () => smtp.to("second@example.test")[0]);
    const link2 = /Unsubscribe: (\S+)/.exec(mail2.text ?? "")![1]!.replace("http://statuswatch.test/api/v1", base);
    const page = await fetch(link2, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Unsubscribed");
    expect(await db.prisma.subscription.count({ where: { id: secondId } })).toBe(0);
  });
});
