import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
// @ts-expect-error the package ships no types
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { createApi } from "../../src/api/app";
import { createMetrics, type Metrics } from "../../src/metrics/metrics";
import { Dispatcher } from "../../src/notify/dispatcher";
import { pollProvider } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { notifyConfig, silentLog, startSlackStandIn, waitFor } from "../support/notify";
import { entry, pollDeps } from "../support/providers";

interface Family {
  name: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; count?: string }>;
}

const TOKEN = "metrics-token-0123456789";
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));

let db: TestDatabase;
let page: TestServer;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let server: Server;
let base: string;
let metrics: Metrics;

beforeAll(async () => {
  db = await freshDatabase();
  page = await startServer(
    jsonRoutes({
      "/api/v2/summary.json": fixture("acme-summary.json"),
      "/api/v2/incidents.json": fixture("acme-incidents.json"),
      "/api/v2/scheduled-maintenances.json": fixture("acme-maintenances.json"),
    }),
  );
  slack = await startSlackStandIn();
  metrics = createMetrics();
  metrics.watch(db.prisma);
  const app = createApi({ prisma: db.prisma, log: silentLog, metrics: { registry: metrics, token: TOKEN } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await page?.close();
  await slack?.close();
  await db?.drop();
});

type Scrape = Map<string, Family> & { text: string };

async function scrape(): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const families = parsePrometheusTextFormat(text) as Family[];
  return Object.assign(new Map(families.map((f) => [f.name, f])), { text });
}

/** The parser folds a labelled histogram's series together, so its `_count` samples are read from the text it accepted. */
function histogramCount(m: Scrape, name: string, labels: Record<string, string>): number {
  expect(m.get(name)?.type).toBe("HISTOGRAM");
  const lines = m.text.split("\n").filter((l) => l.startsWith(`${name}_count{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return lines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

function value(families: Scrape, name: string, labels: Record<string, string> = {}): number {
  const f = families.get(name);
  const m = f?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m ? Number(m.value ?? m.count) : 0;
}

describe("/metrics", () => {
  it("asks for METRICS_TOKEN when one is set", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-000000000" } })).status).toBe(401);
  });

  it("parses as Prometheus text and its counters move when a poll and a delivery happen", async () => {
    const before = await scrape();
    expect(value(before, "statuswatch_polls_total", { kind: "statuspage", result: "updated" })).toBe(0);

    const acme = entry("acme", "statuspage", page.url);
    const deps = { ...(await pollDeps(db.prisma, [acme])), metrics };
    expect((await pollProvider(deps, acme)).result).toBe("updated");
    const afterPoll = await scrape();
    expect(value(afterPoll, "statuswatch_polls_total", { kind: "statuspage", result: "updated" })).toBe(1);
    expect(histogramCount(afterPoll, "statuswatch_poll_duration_seconds", { kind: "statuspage" })).toBe(1);
    expect(value(afterPoll, "statuswatch_events_ingested_total", { kind: "incident_opened" })).toBeGreaterThan(0);
    expect(value(afterPoll, "statuswatch_source_health", { state: "ok" })).toBe(1);

    // A failing page moves the failed counter and the health gauge.
    page.setHandler((_req, res) => void res.writeHead(503).end("down"));
    expect((await pollProvider(deps, acme)).result).toBe("failed");
    const afterFailure = await scrape();
    expect(value(afterFailure, "statuswatch_polls_total", { kind: "statuspage", result: "failed" })).toBe(1);
    expect(value(afterFailure, "statuswatch_source_health", { state: "failing" })).toBe(1);

    // An event waiting for delivery shows as outbox lag; delivering it moves the delivery counters and clears the lag.
    await db.prisma.subscription.create({
      data: {
        channel: "slack",
        target: slack.url("m"),
        events: ["source_unreachable"],
        confirmedAt: new Date(Date.now() - 60_000),
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await db.prisma.event.create({
      data: {
        providerId: "acme",
        kind: "source_unreachable",
        occurredAt: new Date(),
        createdAt: new Date(Date.now() - 5_000),
        dedupeKey: "m:1",
        data: { reason: "HTTP 503" },
      },
    });
    expect(value(await scrape(), "statuswatch_outbox_lag_seconds")).toBeGreaterThanOrEqual(4);
    const dispatcher = new Dispatcher({ prisma: db.prisma, config: notifyConfig({ webhookAllowlist: [slack.base] }), log: silentLog, metrics });
    await dispatcher.tick();
    await dispatcher.stop();
    expect(slack.forPath("m")).toHaveLength(1);
    const afterDelivery = await scrape();
    expect(value(afterDelivery, "statuswatch_deliveries_total", { channel: "slack", status: "sent" })).toBe(1);
    expect(value(afterDelivery, "statuswatch_outbox_lag_seconds")).toBe(0);
  });

  it("counts retries and dead letters by channel", async () => {
    const sub = await db.prisma.subscription.create({
      data: { channel: "slack", target: slack.url("dead"), events: ["provider_status_changed"], confirmedAt: new Date(Date.now() - 60_000) },
    });
    slack.setResponder((p) => ({ status: p.endsWith("/dead") ? 500 : 200 }));
    await db.prisma.event.create({
      data: {
        providerId: "acme",
        kind: "provider_status_changed",
        fromStatus: "operational",
        toStatus: "major_outage",
        occurredAt: new Date(),
        dedupeKey: "m:2",
        data: {},
      },
    });
    const dispatcher = new Dispatcher({
      prisma: db.prisma,
      config: notifyConfig({ webhookAllowlist: [slack.base], maxAttempts: 2, retryBaseMs: 10, retryMaxMs: 20 }),
      log: silentLog,
      metrics,
    });
    dispatcher.start();
    try {
      await waitFor("dead letter", () => db.prisma.delivery.findFirst({ where: { subscriptionId: sub.id, status: "failed" } }));
    } finally {
      await dispatcher.stop();
    }
    const m = await scrape();
    expect(value(m, "statuswatch_delivery_retries_total", { channel: "slack" })).toBe(1);
    expect(value(m, "statuswatch_dead_letters_total", { channel: "slack" })).toBe(1);
    expect(value(m, "statuswatch_dead_letters", { channel: "slack" })).toBe(1);
    expect(value(m, "statuswatch_deliveries_total", { channel: "slack", status: "failed" })).toBe(1);
  });

  it("times HTTP requests by route pattern, not by raw path", async () => {
    await fetch(`${base}/api/v1/incidents/987654`);
    await fetch(`${base}/api/v1/incidents/123456`);
    await fetch(`${base}/no/such/page`);
    await fetch(`${base}/api/v1/incidents?limit=5`);
    const m = await scrape();
    expect(histogramCount(m, "statuswatch_http_request_duration_seconds", { route: "/api/v1/incidents/:id", status: "404", method: "GET" })).toBe(2);
    expect(histogramCount(m, "statuswatch_http_request_duration_seconds", { route: "unmatched", status: "404" })).toBe(1);
    expect(histogramCount(m, "statuswatch_http_request_duration_seconds", { route: "/api/v1/incidents", status: "200" })).toBe(1);
    expect(m.text).not.toContain("987654");
  });
});
