import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { createApi } from "../../src/api/app";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, incident, minute, notifyConfig, seedProvider, silentLog, snapshot, startSlackStandIn } from "../support/notify";

type Json = Record<string, any>;

let db: TestDatabase;
let server: Server;
let base: string;
let doc: Json;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
const exercised = new Set<string>();
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
  await seedProvider(db.prisma, "acme", "Acme");
  await ingestSnapshot(db.prisma, "acme", snapshot({}), {}, minute(0));
  await ingestSnapshot(
    db.prisma,
    "acme",
    snapshot({
      incidents: [incident("resolved", 30)],
      maintenances: [
        {
          externalId: "m1",
          title: "Upgrade",
          status: "scheduled",
          impact: "minor",
          components: [],
          scheduledFor: minute(90),
          scheduledUntil: minute(120),
          updates: [{ externalId: "mu1", status: "scheduled", body: "soon", at: minute(5) }],
        },
      ],
    }),
    {},
    minute(40),
  );
  const cfg = notifyConfig({ webhookAllowlist: [slack.base] });
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: cfg } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Json;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await slack?.close();
  await db?.drop();
});

/** Calls a route and checks the real answer against what the document says for that route and status. */
async function check(
  method: string,
  docPath: string,
  url: string,
  opts: { body?: unknown; auth?: boolean; accept?: string } = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${url}`, {
    method: method.toUpperCase(),
    headers: {
      ...(opts.accept ? { accept: opts.accept } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(opts.auth === false ? {} : { authorization: `Bearer ${API_KEY}` }),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  const op = doc.paths[docPath]?.[method];
  expect({ route: `${method} ${docPath}`, documented: !!op }).toEqual({ route: `${method} ${docPath}`, documented: true });
  const answer = op.responses[String(res.status)];
  expect({ route: `${method} ${url}`, status: res.status, documented: !!answer }).toEqual({ route: `${method} ${url}`, status: res.status, documented: true });
  exercised.add(`${method} ${docPath} ${res.status}`);
  if (!answer.content) {
    expect(text).toBe("");
    return { status: res.status, json: undefined };
  }
  const types = Object.keys(answer.content as Json);
  if (types.every((t) => t.startsWith("text/"))) {
    // A rendered document: one of the documented types, and not empty.
    expect({ route: `${method} ${url}`, type: types.find((t) => res.headers.get("content-type")?.startsWith(t)) }).toEqual({
      route: `${method} ${url}`,
      type: expect.any(String),
    });
    expect(text.length).toBeGreaterThan(0);
    return { status: res.status, json: undefined };
  }
  const [mediaType, media] = Object.entries(answer.content as Json)[0]!;
  expect(res.headers.get("content-type")).toContain(mediaType);
  const json = JSON.parse(text);
  const validate = ajv.compile(media.schema);
  const ok = validate(json);
  expect({ route: `${method} ${url} ${res.status}`, errors: ok ? null : validate.errors }).toEqual({ route: `${method} ${url} ${res.status}`, errors: null });
  return { status: res.status, json };
}

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(require.resolve("@seriousme/openapi-schema-validator/package.json"), "..", "schemas/v3.1/schema.json"), "utf8"),
    );
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    expect(validate(doc) ? null : validate.errors).toBeNull();
    expect(doc.openapi).toBe("3.1.0");
    // Each operation's schemas compile as JSON Schema 2020-12.
    for (const ops of Object.values(doc.paths as Json))
      for (const op of Object.values(ops as Json))
        for (const r of Object.values(op.responses as Json)) for (const m of Object.values((r.content ?? {}) as Json)) ajv.compile(m.schema);
  });

  it("every documented route answers as documented, successes and errors", async () => {
    const incident = (await check("get", "/api/v1/incidents", "/api/v1/incidents")).json.data[0];
    const maintenance = (await check("get", "/api/v1/maintenances", "/api/v1/maintenances")).json.data[0];
    await check("get", "/healthz", "/healthz");
    await check("get", "/readyz", "/readyz");
    await check("get", "/api/v1/openapi.json", "/api/v1/openapi.json");
    await check("get", "/api/v1/providers", "/api/v1/providers?category=other");
    await check("get", "/api/v1/providers", "/api/v1/providers?category=nonsense");
    await check("get", "/api/v1/providers/{id}", "/api/v1/providers/acme");
    await check("get", "/api/v1/providers/{id}", "/api/v1/providers/nope");
    await check("get", "/api/v1/providers/{id}/uptime", "/api/v1/providers/acme/uptime?days=7");
    await check("get", "/api/v1/providers/{id}/uptime", "/api/v1/providers/acme/uptime?days=700");
    await check("get", "/api/v1/providers/{id}/uptime", "/api/v1/providers/nope/uptime");
    await check("get", "/api/v1/incidents", "/api/v1/incidents?limit=0");
    await check("get", "/api/v1/incidents/{id}", `/api/v1/incidents/${incident.id}`);
    await check("get", "/api/v1/incidents/{id}", "/api/v1/incidents/999999");
    await check("get", "/api/v1/incidents/{id}", "/api/v1/incidents/abc");
    await check("get", "/api/v1/maintenances", "/api/v1/maintenances?status=bogus");
    await check("get", "/api/v1/maintenances/{id}", `/api/v1/maintenances/${maintenance.id}`);
    await check("get", "/api/v1/maintenances/{id}", "/api/v1/maintenances/999999");
    await check("get", "/api/v1/events", "/api/v1/events?kind=incident_opened&limit=2");
    await check("get", "/api/v1/events", "/api/v1/events?cursor=notacursor");
    // Recorded order (after=): a page with resumeAfter, then resuming from it, and a bad position.
    const feed = await check("get", "/api/v1/events", "/api/v1/events?after=0&limit=2");
    expect(feed.json.resumeAfter).toEqual(expect.any(String));
    await check("get", "/api/v1/events", `/api/v1/events?after=${encodeURIComponent(feed.json.resumeAfter)}`);
    await check("get", "/api/v1/events", "/api/v1/events?after=notaposition");

    // Early warning: an episode, signals, accuracy, reports.
    const at = minute(20);
    const episode = await db.prisma.outageEpisode.create({
      data: {
        providerId: "acme",
        state: "confirmed",
        suspectedAt: at,
        openedAt: at,
        lastAbnormalAt: at,
        confirmedAt: minute(30),
        acknowledgedAt: minute(30),
        leadSeconds: 600,
        peakConfidence: 0.9,
        confidence: 0.9,
        reasons: [{ signal: "crowd", text: "12 reports", at: at.toISOString(), score: 0.9, fired: true }],
      },
    });
    const outages = await check("get", "/api/v1/outages", "/api/v1/outages?provider=acme&limit=1");
    expect(outages.json.data[0]).toMatchObject({ id: episode.id, state: "confirmed" });
    await check("get", "/api/v1/outages", "/api/v1/outages?state=bogus");
    await check("get", "/api/v1/outages/{id}", `/api/v1/outages/${episode.id}`);
    await check("get", "/api/v1/outages/{id}", "/api/v1/outages/999999");
    await check("get", "/api/v1/outages/{id}", "/api/v1/outages/abc");
    const failover = await check("get", "/api/v1/failover", "/api/v1/failover?for=acme");
    expect(failover.json.data).toMatchObject({ subject: { id: "acme" }, advice: "stay", alternatives: [] });
    await check("get", "/api/v1/failover", "/api/v1/failover");
    await check("get", "/api/v1/failover", "/api/v1/failover?for=nope");
    await check("get", "/api/v1/providers/{id}/signals", "/api/v1/providers/acme/signals");
    await check("get", "/api/v1/providers/{id}/signals", "/api/v1/providers/acme/signals?since=yesterday");
    await check("get", "/api/v1/providers/{id}/signals", "/api/v1/providers/nope/signals");
    const graded = await check("get", "/api/v1/providers/{id}/accuracy", "/api/v1/providers/acme/accuracy?days=30");
    expect(graded.json.data).toMatchObject({ days: 30, episodes: 1, acknowledged: 1 });
    await check("get", "/api/v1/providers/{id}/accuracy", "/api/v1/providers/acme/accuracy?days=0");
    await check("get", "/api/v1/providers/{id}/accuracy", "/api/v1/providers/nope/accuracy");
    const reported = await check("post", "/api/v1/providers/{id}/reports", "/api/v1/providers/acme/reports", {
      body: { symptom: "errors", reporter: "oncall" },
    });
    expect(reported.status).toBe(202);
    await check("post", "/api/v1/providers/{id}/reports", "/api/v1/providers/acme/reports", { body: { symptom: "sneezing" } });
    await check("post", "/api/v1/providers/{id}/reports", "/api/v1/providers/acme/reports", { body: { reporter: "someone" }, auth: false });
    await check("post", "/api/v1/providers/{id}/reports", "/api/v1/providers/acme/reports", { body: { token: "forged" }, auth: false });
    await check("post", "/api/v1/providers/{id}/reports", "/api/v1/providers/nope/reports", { body: {} });

    // Adding a provider: refused address (422, nothing fetched), bad body, no key; the 201 is in providers-add.test.ts.
    await check("post", "/api/v1/providers", "/api/v1/providers", { body: { url: "http://127.0.0.1:1/" } });
    await check("post", "/api/v1/providers", "/api/v1/providers", { body: { url: "http://x.test", colour: "red" } });
    await check("post", "/api/v1/providers", "/api/v1/providers", { body: { url: "http://x.test" }, auth: false });

    // The catalog and what is watched: pick, change, remove, purge.
    const catalog = await check("get", "/api/v1/catalog", "/api/v1/catalog?category=ai,cloud&q=a");
    expect(catalog.json.data.length).toBeGreaterThan(0);
    await check("get", "/api/v1/catalog", "/api/v1/catalog?category=toys");
    const pickId = catalog.json.data[0].id;
    expect((await check("post", "/api/v1/providers", "/api/v1/providers", { body: { catalogId: pickId } })).status).toBe(201);
    expect((await check("post", "/api/v1/providers", "/api/v1/providers", { body: { catalogId: pickId } })).status).toBe(409);
    await check("patch", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}`, { body: { enabled: false, pollIntervalSeconds: 300 } });
    await check("patch", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}`, { body: { pollIntervalSeconds: 0 } });
    await check("patch", "/api/v1/providers/{id}", "/api/v1/providers/nope", { body: { enabled: true } });
    await check("patch", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}`, { body: { enabled: true }, auth: false });
    expect((await check("delete", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}`)).status).toBe(204);
    await check("delete", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}`);
    await check("delete", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}?purge=perhaps`);
    expect((await check("post", "/api/v1/providers", "/api/v1/providers", { body: { catalogId: pickId } })).status).toBe(200);
    expect((await check("delete", "/api/v1/providers/{id}", `/api/v1/providers/${pickId}?purge=true`)).status).toBe(204);

    const created = await check("post", "/api/v1/subscriptions", "/api/v1/subscriptions", { body: { channel: "webhook", target: slack.url("openapi") } });
    expect(created.status).toBe(201);
    const sid = created.json.data.id;
    await check("post", "/api/v1/subscriptions", "/api/v1/subscriptions", { body: { channel: "pigeon", target: "x" } });
    await check("post", "/api/v1/subscriptions", "/api/v1/subscriptions", { body: { channel: "slack", target: "x" }, auth: false });
    await check("post", "/api/v1/subscriptions", "/api/v1/subscriptions", { body: { channel: "email", target: "a@example.test" } }); // no SMTP: 503
    await check("get", "/api/v1/subscriptions", "/api/v1/subscriptions");
    await check("get", "/api/v1/subscriptions/{id}", `/api/v1/subscriptions/${sid}`);
    await check("get", "/api/v1/subscriptions/{id}", "/api/v1/subscriptions/999999");
    await check("patch", "/api/v1/subscriptions/{id}", `/api/v1/subscriptions/${sid}`, { body: { paused: true } });
    await check("patch", "/api/v1/subscriptions/{id}", `/api/v1/subscriptions/${sid}`, { body: { target: "https://elsewhere.example/" } });
    await check("patch", "/api/v1/subscriptions/{id}", "/api/v1/subscriptions/999999", { body: { paused: true } });
    await check("post", "/api/v1/subscriptions/{id}/test", `/api/v1/subscriptions/${sid}/test`);
    await check("post", "/api/v1/subscriptions/{id}/test", "/api/v1/subscriptions/999999/test");
    await check("get", "/api/v1/subscriptions/{id}/digest-preview", `/api/v1/subscriptions/${sid}/digest-preview?period=current`);
    await check("get", "/api/v1/subscriptions/{id}/digest-preview", `/api/v1/subscriptions/${sid}/digest-preview?period=2026-11-20`, { accept: "text/plain" });
    await check("get", "/api/v1/subscriptions/{id}/digest-preview", `/api/v1/subscriptions/${sid}/digest-preview?period=2026-02-30`);
    await check("get", "/api/v1/subscriptions/{id}/digest-preview", "/api/v1/subscriptions/999999/digest-preview");
    await check("get", "/api/v1/subscriptions/confirm", "/api/v1/subscriptions/confirm?token=short");
    await check("get", "/api/v1/subscriptions/confirm", `/api/v1/subscriptions/confirm?token=${"x".repeat(40)}`);
    await check("get", "/api/v1/subscriptions/unsubscribe", `/api/v1/subscriptions/unsubscribe?token=${"x".repeat(40)}`);
    await check("post", "/api/v1/subscriptions/unsubscribe", `/api/v1/subscriptions/unsubscribe?token=${"x".repeat(40)}`);

    const event = await db.prisma.event.findFirstOrThrow();
    const dead = await db.prisma.delivery.create({
      data: { eventId: event.id, subscriptionId: sid, status: "failed", attempts: 3, lastError: "permanent: x" },
    });
    await check("get", "/api/v1/deliveries", "/api/v1/deliveries?status=failed");
    await check("get", "/api/v1/deliveries", "/api/v1/deliveries?status=lost");
    await check("post", "/api/v1/deliveries/{id}/retry", `/api/v1/deliveries/${dead.id}/retry`);
    await check("post", "/api/v1/deliveries/{id}/retry", `/api/v1/deliveries/${dead.id}/retry`); // now pending: 409
    await check("post", "/api/v1/deliveries/{id}/retry", "/api/v1/deliveries/999999/retry");
    await check("delete", "/api/v1/subscriptions/{id}", `/api/v1/subscriptions/${sid}`);
    await check("delete", "/api/v1/subscriptions/{id}", `/api/v1/subscriptions/${sid}`);

    // Every documented operation was called, and answered with a success and with an error.
    for (const [p, ops] of Object.entries(doc.paths as Json)) {
      for (const method of Object.keys(ops as Json)) {
        const statuses = [...exercised].filter((e) => e.startsWith(`${method} ${p} `)).map((e) => Number(e.split(" ").at(-1)));
        expect({ op: `${method} ${p}`, called: statuses.length > 0 }).toEqual({ op: `${method} ${p}`, called: true });
      }
    }
  });

  it("has a readable docs page with no script and no remote assets", async () => {
    const res = await fetch(`${base}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!127\.0\.0\.1)[^"<]*\.(js|css)/i);
    for (const p of Object.keys(doc.paths)) expect(html).toContain(p);
    expect(html).toContain("Bearer API_KEY");
  });
});
