import { type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import pino from "pino";
import { createApi } from "../src/api/app";
import { benchDatabase } from "./support";

/**
 * `/` and `/providers/:id` with many providers and a year of history: p50/p95 of the server's
 * time per request (arrival to the last byte written) and of the whole request on loopback,
 * sequential, after the first request (which stores the closed days) and two more. Also the page's
 * weight: the document's size and the bytes on the wire for a browser's Accept-Encoding.
 */
/** Bytes of the body as sent on the wire for this Accept-Encoding, and the encoding the server chose. */
function onTheWire(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ bytes, encoding: String(res.headers["content-encoding"] ?? "identity") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function main() {
  const P = Number(process.env.BENCH_PROVIDERS ?? 300);
  const C = Number(process.env.BENCH_COMPONENTS ?? 5);
  const EVERY_H = Number(process.env.BENCH_CHANGE_EVERY_HOURS ?? 48);
  const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 60), 500);
  // What the timed requests accept, as a browser would ask by default; "identity" times the page uncompressed.
  const ENCODING = process.env.BENCH_ENCODING ?? "gzip, deflate, br";
  const db = await benchDatabase();
  try {
    const t0 = Date.now();
    const cats = ["cloud", "ai", "devtools", "payments", "communication", "observability"];
    await db.prisma.$executeRawUnsafe(`
      insert into providers (id, name, kind, url, category, status, last_success_at, last_polled_at)
      select 'p' || i, 'Provider ' || i, 'statuspage', 'https://status.p' || i || '.test', (array['${cats.join("','")}'])[1 + i % ${cats.length}],
             (case when i % 25 = 0 then 'major_outage' else 'operational' end)::"ComponentStatus", now(), now()
      from generate_series(1, ${P}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into components (provider_id, external_id, name, status, updated_at)
      select 'p' || i, 'c' || j, 'Component ' || j, 'operational', now() from generate_series(1, ${P}) i, generate_series(1, ${C}) j`);
    // A change every EVERY_H hours per component for a year, alternating into a short outage and back.
    await db.prisma.$executeRawUnsafe(`
      insert into component_status_changes (component_id, from_status, to_status, at)
      select c.id, null,
             (case when k % 2 = 0 then 'operational' when k % 7 = 1 then 'major_outage' when k % 3 = 1 then 'partial_outage' else 'degraded_performance' end)::"ComponentStatus",
             now() - interval '365 days' + (k * ${EVERY_H} || ' hours')::interval + (case when k % 2 = 1 then interval '0' else interval '-46 hours' end)
      from components c, generate_series(0, ${Math.floor((365 * 24) / EVERY_H)}) k`);
    await db.prisma.$executeRawUnsafe(`
      insert into incidents (provider_id, external_id, title, status, impact, started_at, resolved_at)
      select 'p' || (1 + i % ${P}), 'i' || i, 'Incident ' || i, (case when i % 400 = 0 then 'investigating' else 'resolved' end)::"IncidentStatus", 'minor',
             now() - (i || ' hours')::interval, now() - (i || ' hours')::interval + interval '1 hour'
      from generate_series(1, ${P * 10}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into events (provider_id, kind, component_id, from_status, to_status, occurred_at, dedupe_key)
      select c.provider_id, 'component_status_changed', c.id, 'operational', 'degraded_performance', now() - (k || ' hours')::interval, 'b' || c.id || '-' || k
      from components c, generate_series(1, 20) k`);
    await db.prisma.$executeRawUnsafe("analyze");
    const rows = await db.prisma.componentStatusChange.count();
    process.stdout.write(`dashboard benchmark: ${P} providers x ${C} components, ${rows} status changes over a year, seeded in ${Date.now() - t0} ms\n`);
    if (process.env.BENCH_PROFILE) {
      const { DashboardService } = await import("../src/services/dashboard");
      const { UptimeService } = await import("../src/services/uptime");
      const { renderDashboard } = await import("../src/dashboard/page");
      const ids = (await db.prisma.provider.findMany({ select: { id: true } })).map((p) => p.id);
      const dashboard = new DashboardService(db.prisma);
      for (let i = 0; i < 4; i++) {
        const cpu = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000).toFixed(0);
        let t = performance.now();
        let c = process.cpuUsage();
        await new UptimeService(db.prisma).barsByProvider(ids, 90);
        const history = `${(performance.now() - t).toFixed(0)} ms (CPU ${cpu(process.cpuUsage(c))} ms)`;
        t = performance.now();
        c = process.cpuUsage();
        const data = await dashboard.load({});
        const load = `${(performance.now() - t).toFixed(0)} ms (CPU ${cpu(process.cpuUsage(c))} ms)`;
        t = performance.now();
        c = process.cpuUsage();
        const html = renderDashboard(data);
        const render = `${(performance.now() - t).toFixed(0)} ms (CPU ${cpu(process.cpuUsage(c))} ms)`;
        process.stdout.write(`profile: bars from history ${history}; load with stored days ${load}, render ${render}, ${html.length} chars\n`);
      }
    }
    const app = createApi({ prisma: db.prisma, log: pino({ level: "silent" }) });
    const server = await new Promise<import("node:http").Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    // Server time: from the request's arrival to the last byte handed to the socket.
    let serverMs = 0;
    server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
      const start = performance.now();
      res.on("finish", () => {
        serverMs = performance.now() - start;
      });
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ["/", "/providers/p1"]) {
        const cold = performance.now();
        const document = Buffer.from(await (await fetch(base + path)).text());
        const coldMs = performance.now() - cold;
        const bytes = document.length;
        for (let i = 0; i < 2; i++) await (await fetch(base + path)).text();
        const server: number[] = [];
        const client: number[] = [];
        const cpu0 = process.cpuUsage();
        const deadline = Date.now() + 120_000;
        for (let i = 0; i < RUNS && Date.now() < deadline; i++) {
          const start = performance.now();
          const res = await fetch(base + path, { headers: { "accept-encoding": ENCODING } });
          await res.text();
          if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
          client.push(performance.now() - start);
          server.push(serverMs);
        }
        const cpu = process.cpuUsage(cpu0);
        const q = (list: number[], p: number) => {
          const sorted = [...list].sort((a, b) => a - b);
          return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
        };
        process.stdout.write(
          `GET ${path} (${Math.round(bytes / 1024)} KiB, accepting ${ENCODING}): n=${server.length} server p50 ${q(server, 0.5)} ms, p95 ${q(server, 0.95)} ms; ` +
            `with the client p50 ${q(client, 0.5)} ms, p95 ${q(client, 0.95)} ms; CPU (server + client) ${((cpu.user + cpu.system) / 1000 / client.length).toFixed(1)} ms per request; ` +
            `first request (stores the closed days) ${coldMs.toFixed(0)} ms\n`,
        );
        const browser = await onTheWire(base + path, "gzip, deflate, br");
        const gzip = await onTheWire(base + path, "gzip");
        process.stdout.write(
          `GET ${path} weight: document ${kib(bytes)}, ${document.toString().match(/<[a-z]/g)?.length ?? 0} elements${path === "/" ? `, ${/Needs attention \((\d+)\)/.exec(document.toString())?.[1] ?? "?"} providers drawn in full` : ""}; on the wire ${kib(browser.bytes)} (${browser.encoding}) for "gzip, deflate, br", ` +
            `${kib(gzip.bytes)} (${gzip.encoding}) for "gzip"; the document gzipped at level 6 would be ${kib(gzipSync(document).length)}\n`,
        );
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
