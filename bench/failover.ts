import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createPrisma } from "../src/db/database";
import { scheduleFailoverRefresh } from "../jobs/failover-refresh";
import { createApi } from "../src/api/app";
import { FailoverState } from "../src/failover/state";
import { benchDatabase } from "./support";

/**
 * GET /api/v1/failover against GET /healthz in the same run: the real API over a real Postgres
 * with BENCH_PROVIDERS providers (capabilities, components with 60 days of history, incidents,
 * open incidents, suspected outages, unreachable sources), BENCH_CLIENTS concurrent keep-alive
 * clients each alternating between the two endpoints, while a writer opens and resolves incidents
 * (each one a NOTIFY and a refresh of the state) as a poll cycle would. The API runs in a child
 * process of its own (as `npm start` would), so the clients' own work does not queue its requests.
 */
const CAPABILITIES = [
  "llm-api",
  "object-storage",
  "cdn",
  "dns",
  "email-sending",
  "sms",
  "payments",
  "auth",
  "database",
  "queue",
  "ci",
  "git-hosting",
  "monitoring",
  "chat",
  "video",
  "maps",
  "search",
  "compute",
  "kubernetes",
  "serverless",
];

function quantiles(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1]! };
}

async function main() {
  const P = Math.min(Number(process.env.BENCH_PROVIDERS ?? 300), 5000);
  const CLIENTS = Math.min(Number(process.env.BENCH_CLIENTS ?? 50), 500);
  const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 10_000), 200_000);
  const MAX_SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 60), 600);
  const db = await benchDatabase();
  try {
    const t0 = Date.now();
    const caps = `array['${CAPABILITIES.join("','")}']`;
    // Each provider offers one to three capabilities; every fifth names two fallbacks.
    await db.prisma.$executeRawUnsafe(`
      insert into providers (id, name, kind, url, status, last_success_at, last_polled_at, capabilities, alternatives, consecutive_failures, unreachable_since)
      select 'p' || i, 'Provider ' || i, 'statuspage', 'https://status.p' || i || '.test',
             (case when i % 25 = 0 then 'major_outage' when i % 11 = 0 then 'degraded_performance' else 'operational' end)::"ComponentStatus", now(), now(),
             array(select distinct (${caps})[1 + ((i * k) % ${CAPABILITIES.length})] from generate_series(1, 1 + i % 3) k),
             case when i % 5 = 0 then array['p' || (1 + (i + 20) % ${P}), 'p' || (1 + (i + 40) % ${P})] else array[]::text[] end,
             case when i % 37 = 0 then 5 else 0 end,
             case when i % 37 = 0 then now() - interval '20 minutes' end
      from generate_series(1, ${P}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into components (provider_id, external_id, name, status, updated_at)
      select 'p' || i, 'c' || j, 'Component ' || j, 'operational', now() from generate_series(1, ${P}) i, generate_series(1, 5) j`);
    await db.prisma.$executeRawUnsafe(`
      insert into component_status_changes (component_id, from_status, to_status, at)
      select c.id, null, (case when k % 2 = 0 then 'operational' when k % 7 = 1 then 'major_outage' else 'partial_outage' end)::"ComponentStatus",
             now() - interval '60 days' + (k * (24 + c.id % 48) || ' hours')::interval
      from components c, generate_series(0, 40) k where now() - interval '60 days' + (k * (24 + c.id % 48) || ' hours')::interval < now()`);
    await db.prisma.$executeRawUnsafe(`
      insert into incidents (provider_id, external_id, title, status, impact, started_at, resolved_at)
      select 'p' || (1 + i % ${P}), 'i' || i, 'Incident ' || i,
             (case when i % 97 = 0 then 'investigating' else 'resolved' end)::"IncidentStatus",
             (case when i % 3 = 0 then 'major' else 'minor' end)::"Impact",
             now() - (i || ' hours')::interval, case when i % 97 = 0 then null else now() - (i || ' hours')::interval + interval '1 hour' end
      from generate_series(1, ${P * 20}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into outage_episodes (provider_id, state, suspected_at, opened_at, last_abnormal_at, confidence, peak_confidence)
      select 'p' || i, 'suspected', now() - interval '7 minutes', now() - interval '6 minutes', now(), 0.7, 0.7
      from generate_series(1, ${P}) i where i % 29 = 0`);
    await db.prisma.$executeRawUnsafe("analyze");
    const [changes, incidents, open] = await Promise.all([
      db.prisma.componentStatusChange.count(),
      db.prisma.incident.count(),
      db.prisma.incident.count({ where: { status: { notIn: ["resolved", "postmortem"] } } }),
    ]);
    process.stdout.write(
      `failover benchmark: ${P} providers, ${CAPABILITIES.length} capabilities, ${P * 5} components, ${changes} status changes, ${incidents} incidents (${open} open), seeded in ${Date.now() - t0} ms\n`,
    );

    const child = spawn(process.execPath, ["--import", "tsx", __filename], {
      env: { ...process.env, BENCH_SERVE_DATABASE_URL: db.url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        for (const l of out.split("\n").slice(0, -1)) {
          const m = /^port (\d+)$/.exec(l);
          if (m) resolve(Number(m[1]));
          else if (l) process.stdout.write(`${l}\n`);
        }
        out = out.slice(out.lastIndexOf("\n") + 1);
      });
      child.on("exit", (code) => reject(new Error(`API process exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(base + path, { agent }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on("error", reject);
      });
    const stats = async () => JSON.parse((await get("/bench/stats")).body) as { reads: number; inside: Record<"failover" | "healthz", number[]> };
    // A poll cycle's worth of churn: an incident opened or resolved every 200 ms, each a NOTIFY.
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      for (let k = 0; writing && k < 10_000; k++) {
        const id = `p${1 + ((k * 7) % P)}`;
        await db.prisma.$executeRawUnsafe(
          `insert into incidents (provider_id, external_id, title, status, impact, started_at)
           values ($1, $2, 'Bench incident', 'investigating', 'major', now())
           on conflict (provider_id, external_id) do update set status = case when incidents.status = 'resolved' then 'investigating'::"IncidentStatus" else 'resolved'::"IncidentStatus" end`,
          id,
          `bench-${k % 50}`,
        );
        writes++;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const paths = (i: number) =>
      i % 10 === 9 ? `/api/v1/failover?capability=${CAPABILITIES[i % CAPABILITIES.length]}` : `/api/v1/failover?for=p${1 + ((i * 13) % P)}`;
    for (let i = 0; i < 200; i++) {
      const res = await get(paths(i));
      if (res.status !== 200) throw new Error(`${paths(i)} answered ${res.status}: ${res.body}`);
    }
    const bytes = (await get("/api/v1/failover?for=p1")).body.length;

    const times = { failover: [] as number[], healthz: [] as number[] };
    let next = 0;
    const deadline = Date.now() + MAX_SECONDS * 1000;
    const client = async () => {
      while (Date.now() < deadline) {
        const k = next++;
        if (k >= REQUESTS * 2) return;
        const which = k % 2 === 0 ? "failover" : "healthz";
        const path = which === "failover" ? paths(k >> 1) : "/healthz";
        const start = performance.now();
        const res = await get(path);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        times[which].push(performance.now() - start);
      }
    };
    const before = await stats();
    const t3 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, () => client()));
    const seconds = (performance.now() - t3) / 1000;
    const after = await stats();
    writing = false;
    await writer;

    const f = quantiles(times.failover);
    const h = quantiles(times.healthz);
    const line = (name: string, q: ReturnType<typeof quantiles>) =>
      `${name.padEnd(34)} n=${String(q.n).padStart(6)}  p50 ${q.p50.toFixed(2).padStart(6)} ms  p95 ${q.p95.toFixed(2).padStart(6)} ms  p99 ${q.p99.toFixed(2).padStart(6)} ms  max ${q.max.toFixed(1).padStart(6)} ms\n`;
    process.stdout.write(
      `${CLIENTS} concurrent clients, ${seconds.toFixed(1)} s, ${Math.round((f.n + h.n) / seconds)} requests/s; ${writes} incident writes, ${after.reads - before.reads} state refreshes meanwhile\n`,
    );
    process.stdout.write(line(`GET /api/v1/failover (~${Math.round(bytes / 1024)} KiB)`, f));
    process.stdout.write(line("GET /healthz", h));
    process.stdout.write(`failover p95 / healthz p95: ${(f.p95 / h.p95).toFixed(2)} (target at most 2)\n`);
    const inF = quantiles(after.inside.failover.slice(before.inside.failover.length));
    const inH = quantiles(after.inside.healthz.slice(before.inside.healthz.length));
    process.stdout.write("inside the API process (handler to last byte, without waiting for the event loop):\n");
    process.stdout.write(line("  /api/v1/failover", inF));
    process.stdout.write(line("  /healthz", inH));
    agent.destroy();
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  } finally {
    await db.stop();
  }
}

/** The child: the API as the service builds it (state, refresher with LISTEN), over the seeded database. */
async function serve(url: string) {
  const log = pino({ level: "silent" });
  const prisma = createPrisma(url);
  const state = new FailoverState(prisma, { refreshMs: 5000, uptimeRefreshMs: 300_000, log });
  const t1 = performance.now();
  const schedule = await scheduleFailoverRefresh(state, { refreshMs: 5000, listenUrl: url, log });
  await state.current();
  process.stdout.write(`first load of the state (health + 30-day uptime)   ${(performance.now() - t1).toFixed(1).padStart(9)} ms\n`);
  const t2 = performance.now();
  await state.refresh();
  process.stdout.write(`one refresh of the health state (three reads)      ${(performance.now() - t2).toFixed(1).padStart(9)} ms\n`);
  const app = createApi({ prisma, log, failover: state });
  // Time spent inside the process per request (arrival to the last byte handed to the socket),
  // apart from the time requests wait for the event loop: what each route itself costs.
  const inside = { failover: [] as number[], healthz: [] as number[] };
  const server = http.createServer((req, res) => {
    if (req.url === "/bench/stats") return void res.end(JSON.stringify({ reads: state.reads, inside }));
    const start = process.hrtime.bigint();
    const which = req.url?.startsWith("/healthz") ? "healthz" : "failover";
    res.on("finish", () => {
      if (inside[which].length < 500_000) inside[which].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
    app(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.once("SIGTERM", () => {
    server.closeAllConnections();
    server.close();
    void schedule.stop().finally(() => prisma.$disconnect().finally(() => process.exit(0)));
  });
  process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
}

const serveUrl = process.env.BENCH_SERVE_DATABASE_URL;
(serveUrl ? serve(serveUrl) : main()).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
