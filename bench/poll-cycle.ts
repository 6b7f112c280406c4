import { execFileSync, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import pg from "pg";
import pino from "pino";
import { mapLimit, pollProviders, type PollDeps } from "../src/poller/poll-provider";
import { HttpFetcher, type Validators } from "../src/sources/fetch/http";
import { sourceKind } from "../src/sources/registry";
import { SUCCESS_REFRESH_MS } from "../src/timeline/ingest";
import type { ProviderEntry } from "../src/sources/types";
import { createPrisma } from "../src/db/database";
import { poolOf } from "../src/db/pool";
import { type MemoryResult, memorySampler, statuspageEntries, summarize } from "./poll-cycle-memory";
import { benchDatabase, postgresCpuReader } from "./support";

/**
 * One poll cycle over many Statuspage providers served from loopback, against a bare loop of the
 * same conditional GETs at the same concurrency: how close the real poll path comes to the limit
 * set by HTTP alone. The pages are served by a child process so the RSS printed is the poller's.
 */
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 2_000);
const MEMORY_PROVIDERS = Number(process.env.BENCH_MEMORY_PROVIDERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** The service's pool size (createPrisma's default). */
const POOL_SIZE = 10;
const COMPONENTS = 15;
const INCIDENTS = 20;
const UPDATES = 3;
const DOCS = ["summary.json", "incidents.json", "scheduled-maintenances.json"] as const;

// ---------------------------------------------------------------- the pages (child process)

const T0 = Date.parse("2026-10-01T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function components(p: number) {
  const groups = [0, 1].map((g) => ({ id: `p${p}g${g}`, name: `Region ${g}`, status: "operational", group: true, group_id: null }));
  const list = Array.from({ length: COMPONENTS }, (_, c) => ({
    id: `p${p}c${c}`,
    name: `Component ${c}`,
    status: c === 3 && p % 10 === 0 ? "degraded_performance" : "operational",
    group: false,
    group_id: c < 8 ? groups[c % 2]!.id : null,
    description: null,
    position: c,
    created_at: iso(T0),
    updated_at: iso(T0 + 3_600_000),
  }));
  return [...groups, ...list];
}

function incident(p: number, i: number) {
  const start = T0 + i * 86_400_000;
  const steps = ["investigating", "identified", "resolved"];
  return {
    id: `p${p}i${i}`,
    name: `Elevated error rates on Component ${i % COMPONENTS}`,
    status: "resolved",
    impact: i % 3 === 0 ? "major" : "minor",
    shortlink: `https://stspg.io/p${p}i${i}`,
    created_at: iso(start),
    updated_at: iso(start + UPDATES * 1_200_000),
    monitoring_at: null,
    resolved_at: iso(start + (UPDATES - 1) * 1_200_000),
    started_at: iso(start),
    incident_updates: Array.from({ length: UPDATES }, (_, u) => ({
      id: `p${p}i${i}u${u}`,
      status: steps[Math.min(u, steps.length - 1)],
      body: `We are ${steps[Math.min(u, steps.length - 1)]} an issue causing elevated error rates for some requests to Component ${i % COMPONENTS}. Update ${u}.`,
      created_at: iso(start + u * 1_200_000),
      updated_at: iso(start + u * 1_200_000),
      display_at: iso(start + u * 1_200_000),
      affected_components: [{ code: `p${p}c${i % COMPONENTS}`, name: `Component ${i % COMPONENTS}`, old_status: "operational", new_status: "partial_outage" }],
    })),
    components: [{ id: `p${p}c${i % COMPONENTS}`, name: `Component ${i % COMPONENTS}`, status: "operational" }],
  };
}

function document(p: number, doc: (typeof DOCS)[number], port: number): unknown {
  const page = { id: `p${p}`, name: `Provider ${p}`, url: `http://127.0.0.1:${port}/p${p}`, time_zone: "Etc/UTC", updated_at: iso(T0) };
  if (doc === "summary.json") {
    const degraded = p % 10 === 0;
    return {
      page,
      status: degraded ? { indicator: "minor", description: "Minor Service Outage" } : { indicator: "none", description: "All Systems Operational" },
      components: components(p),
      incidents: [],
      scheduled_maintenances: [],
    };
  }
  if (doc === "incidents.json") return { page, incidents: Array.from({ length: INCIDENTS }, (_, i) => incident(p, i)) };
  const start = T0 - 7 * 86_400_000;
  return {
    page,
    scheduled_maintenances: [
      {
        id: `p${p}m0`,
        name: "Database upgrade",
        status: "completed",
        impact: "maintenance",
        shortlink: `https://stspg.io/p${p}m0`,
        scheduled_for: iso(start),
        scheduled_until: iso(start + 7_200_000),
        created_at: iso(start - 86_400_000),
        updated_at: iso(start + 7_200_000),
        resolved_at: iso(start + 7_200_000),
        incident_updates: ["scheduled", "in_progress", "completed"].map((status, u) => ({
          id: `p${p}m0u${u}`,
          status,
          body: `Maintenance ${status}.`,
          created_at: iso(start + (u - 1) * 3_600_000),
          display_at: iso(start + (u - 1) * 3_600_000),
        })),
        components: [],
      },
    ],
  };
}

/** Serves /p<N>/api/v2/<doc> with a strong ETag per document; If-None-Match gets a 304. */
function serve(): void {
  const server = http.createServer((req, res) => {
    const m = /^\/p(\d+)\/api\/v2\/([a-z.-]+)$/.exec(req.url ?? "");
    const doc = DOCS.find((d) => d === m?.[2]);
    if (!m || !doc) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"p${m[1]}-${doc}-v1"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const body = JSON.stringify(document(Number(m[1]), doc, port));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", etag, "content-length": Buffer.byteLength(body) }).end(body);
  });
  server.keepAliveTimeout = 60_000;
  let port = 0;
  server.listen(0, "127.0.0.1", () => {
    port = (server.address() as AddressInfo).port;
    process.send?.({ port });
  });
  process.on("disconnect", () => process.exit(0));
}

// ---------------------------------------------------------------- the poller (this process)

/** CPU seconds of the benchmark's Postgres so far, when it runs on this machine. */
let pgCpu: (() => number) | undefined;

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

/** Peak RSS while `fn` runs, sampled every 50 ms, and the CPU it took here and in Postgres. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakMb: number; heapMb: number; cpu: string }> {
  const cpuBefore = process.cpuUsage();
  const pgBefore = pgCpu?.() ?? 0;
  const sampler = memorySampler();
  const started = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - started;
    const own = process.cpuUsage(cpuBefore);
    const cpu = `CPU: this process ${((own.user + own.system) / 1e6).toFixed(2)} s${pgCpu ? `, Postgres ${(pgCpu() - pgBefore).toFixed(2)} s` : ""}`;
    return { result, ms, ...sampler.stop(), cpu };
  } finally {
    sampler.stop();
  }
}

/** Rows inserted and updated in the timeline's tables since the statistics were last reset. */
async function rowsWritten(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>("select coalesce(sum(n_tup_ins + n_tup_upd), 0)::text as n from pg_stat_user_tables");
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** The same providers as the memory run's (it reads them from the rows seeded here). */
const entries = statuspageEntries;

/** The same GETs pollProvider's Statuspage source makes, with nothing done to the answers. */
async function bareLoop(http: HttpFetcher, list: ProviderEntry[], validators: Map<string, Validators>): Promise<number> {
  let bytes = 0;
  await mapLimit(list, CONCURRENCY, async (e) => {
    const results = await Promise.all(
      DOCS.map((d) => {
        const url = `${e.url}/api/v2/${d}`;
        return http.get({ url, accept: "application/json", optional: d !== "summary.json", validators: validators.get(url) });
      }),
    );
    for (const r of results) {
      if (r.kind === "body") {
        bytes += r.body.length;
        validators.set(r.url, r.validators);
      }
    }
  });
  return bytes;
}

/**
 * What a cold sync costs before the database: the same GETs, each page parsed into its snapshot by
 * the Statuspage source, nothing stored. The floor under the cold ratio on this machine.
 */
async function fetchAndParse(http: HttpFetcher, list: ProviderEntry[]): Promise<number> {
  const kind = sourceKind("statuspage")!;
  let items = 0;
  await mapLimit(list, CONCURRENCY, async (e) => {
    const r = await kind.poll(e, { http, validators: {}, now: new Date() });
    if (r.kind === "snapshot") items += r.snapshot.components.length + r.snapshot.incidents.length + r.snapshot.maintenances.length;
  });
  return items;
}

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(52)} ${value}\n`);

async function cycle(deps: PollDeps, list: ProviderEntry[]) {
  const run = await withPeakRss(() => pollProviders(deps, list, CONCURRENCY));
  const failed = run.result.filter((o) => o.result === "failed");
  if (failed.length) throw new Error(`${failed.length} polls failed, e.g. ${failed[0]!.reason}`);
  return run;
}

async function main() {
  const child = fork(__filename, ["serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
  const db = await benchDatabase();
  pgCpu = await postgresCpuReader(db.url);
  const log = pino({ level: "silent" });
  const httpFetcher = new HttpFetcher({ timeoutMs: 30_000, maxBodyBytes: 5 * 1024 * 1024, retries: 0, retryBaseMs: 500, userAgent: "statuswatch-bench" });
  try {
    process.stdout.write(
      `poll-cycle benchmark: ${PROVIDERS} Statuspage providers on loopback (${COMPONENTS} components, ${INCIDENTS} incidents x ${UPDATES} updates, 1 maintenance each), concurrency ${CONCURRENCY}\n`,
    );
    const list = entries(port, Math.max(PROVIDERS + 200, MEMORY_PROVIDERS));
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO providers (id, name, kind, url) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      list.map((e) => e.id),
      list.map((e) => e.name),
      list.map((e) => e.kind),
      list.map((e) => e.url),
    );
    line("RSS after setup", `${rssMb()} MB`);
    const cycleList = list.slice(0, PROVIDERS);
    const validators = new Map<string, Validators>();
    // Warm-up of the connections and the JIT, on providers outside the measured set.
    await bareLoop(httpFetcher, list.slice(PROVIDERS, PROVIDERS + 200), new Map());

    // The machine may be shared: bare loops run before and after (interleaved with) the measured
    // cycles and the best of each is kept, so a burst of load elsewhere does not flatter the ratio.
    const bareColdRuns = [await withPeakRss(() => bareLoop(httpFetcher, cycleList, new Map()))];
    let deps: PollDeps = { prisma: db.prisma, http: httpFetcher, failureThreshold: 3, log };
    const cold = await cycle(deps, cycleList);
    bareColdRuns.push(await withPeakRss(() => bareLoop(httpFetcher, cycleList, validators)));
    const bareCold = best(bareColdRuns);
    line(
      "bare loop, full GETs (200 with bodies), best of 2",
      `${(bareCold.ms / 1000).toFixed(2)} s  (${Math.round(bareCold.result / PROVIDERS / 1024)} KiB per provider)`,
    );
    line("cold first sync through pollProvider", `${(cold.ms / 1000).toFixed(2)} s  ${pct(bareCold.ms, cold.ms)} of the bare loop's throughput`);
    process.stdout.write(`  ${summarize("outcomes", cold.result)}; ${cold.cpu}; bare loop ${bareCold.cpu}\n`);
    const parsedOnly = best([await withPeakRss(() => fetchAndParse(httpFetcher, cycleList)), await withPeakRss(() => fetchAndParse(httpFetcher, cycleList))]);
    line(
      "  the same GETs parsed, nothing stored, best of 2",
      `${(parsedOnly.ms / 1000).toFixed(2)} s  ${pct(bareCold.ms, parsedOnly.ms)} of the bare loop's throughput (${parsedOnly.cpu})`,
    );

    const bareSteadyRuns = [];
    const steadyRuns = [];
    const written: number[] = [];
    for (let round = 0; round < 3; round++) {
      bareSteadyRuns.push(await withPeakRss(() => bareLoop(httpFetcher, cycleList, validators)));
      // Statistics reach pg_stat_user_tables when a backend ends: each round gets a client of its
      // own and closes it before the statistics are read. Its connections are opened before the
      // clock starts, as a running server's are (and as the bare loop's keep-alive sockets are).
      await deps.prisma.$disconnect();
      deps = { ...deps, prisma: createPrisma(db.url, POOL_SIZE) };
      await warmPool(deps.prisma);
      const before = await rowsWritten(db.url);
      steadyRuns.push(await cycle(deps, cycleList));
      await deps.prisma.$disconnect();
      written.push((await rowsWritten(db.url)) - before);
    }
    const bareSteady = best(bareSteadyRuns);
    const steady = best(steadyRuns);
    line("bare loop, conditional GETs (304), best of 3", `${(bareSteady.ms / 1000).toFixed(2)} s`);
    line("steady cycle (nothing changed), best of 3", `${(steady.ms / 1000).toFixed(2)} s  ${pct(bareSteady.ms, steady.ms)} of the bare loop's throughput`);
    process.stdout.write(`  ${summarize("outcomes", steady.result)}; each run: ${steadyRuns.map((r) => (r.ms / 1000).toFixed(2)).join(" s, ")} s\n`);
    process.stdout.write(`  best steady cycle ${steady.cpu}; best bare loop ${bareSteady.cpu}\n`);
    line("rows written per steady cycle (inserts + updates)", `${written.map((w) => `${w} (${(w / PROVIDERS).toFixed(2)}/provider)`).join(", ")}`);
    process.stdout.write(`  a provider whose last success is older than ${SUCCESS_REFRESH_MS / 1000} s writes one row, the others none\n`);
    line("RSS peak: cold sync / steady cycle", `${cold.peakMb} MB / ${Math.max(...steadyRuns.map((r) => r.peakMb))} MB`);

    if (MEMORY_PROVIDERS > 0) {
      // The providers beyond the first PROVIDERS are seeded as synced (validators and success time
      // set directly) instead of cold-synced one by one: a steady cycle reads no timeline rows anyway.
      const seeded = await db.prisma.$executeRawUnsafe(
        `UPDATE providers SET last_success_at = now(), last_polled_at = now(),
                http_cache = jsonb_build_object(
                  url || '/api/v2/summary.json', jsonb_build_object('etag', '"' || id || '-summary.json-v1"'),
                  url || '/api/v2/incidents.json', jsonb_build_object('etag', '"' || id || '-incidents.json-v1"'),
                  url || '/api/v2/scheduled-maintenances.json', jsonb_build_object('etag', '"' || id || '-scheduled-maintenances.json-v1"'))
          WHERE last_success_at IS NULL`,
      );
      await db.prisma.$disconnect();
      const result = await memoryRun(db.url, port);
      line(`memory run: steady cycle over ${MEMORY_PROVIDERS} providers (${seeded} seeded)`, `${(result.ms / 1000).toFixed(2)} s, ${result.outcomes}`);
      line("  run as", result.ran);
      line("  RSS of that process: before the cycle / peak", `${result.beforeMb} MB / ${result.peakMb} MB (limit 250 MB; V8 heap peak ${result.heapMb} MB)`);
    }
    line("RSS at the end", `${rssMb()} MB`);
  } finally {
    child.disconnect();
    await db.stop();
  }
}

/**
 * Builds the product as `npm start` does (scripts/build.js into dist/) and compiles the memory run's
 * own file next to it (dist/bench/), so the memory run is plain node on compiled JavaScript.
 */
async function compileMemoryChild(): Promise<string> {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts/build.js")], { cwd: root, stdio: "inherit" });
  const ts = (await import("typescript")).default;
  const source = path.join(__dirname, "poll-cycle-memory.ts");
  const { outputText } = ts.transpileModule(fs.readFileSync(source, "utf8"), {
    // The options scripts/build.js compiles the product with.
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, isolatedModules: true, resolveJsonModule: true },
    fileName: source,
  });
  const target = path.join(root, "dist/bench/poll-cycle-memory.js");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, outputText);
  return target;
}

/** The flags `npm start` gives node (package.json: `node <flags> dist/src/cli/start.js`). */
function npmStartNodeFlags(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../package.json"), "utf8")) as { scripts: { start: string } };
  const m = /^node((?:\s+--\S+)*)\s+dist\/src\/cli\/start\.js$/.exec(pkg.scripts.start.trim());
  if (!m)
    throw new Error(`npm start is not "node [flags] dist/src/cli/start.js" (${pkg.scripts.start}): say which node flags to use in BENCH_MEMORY_NODE_FLAGS`);
  return m[1]!.trim();
}

/** A steady cycle over MEMORY_PROVIDERS in a process of its own (bench/poll-cycle-memory.ts), compiled and run by plain node. */
async function memoryRun(url: string, port: number): Promise<MemoryResult> {
  const file = await compileMemoryChild();
  // Not this script's execArgv (the loader it runs under, tsx, is not passed on) but node's flags
  // from `npm start`, unless BENCH_MEMORY_NODE_FLAGS tries others; the printed line says what ran.
  const flags = process.env.BENCH_MEMORY_NODE_FLAGS ?? npmStartNodeFlags();
  const child = fork(file, [url, String(port), String(MEMORY_PROVIDERS), String(CONCURRENCY)], {
    cwd: path.resolve(__dirname, ".."),
    execArgv: flags.split(" ").filter(Boolean),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m: MemoryResult) => resolve(m));
    child.once("exit", (code) => reject(new Error(`memory run exited with ${code}`)));
  });
}

/** Opens every connection of the client's pool. */
async function warmPool(prisma: PollDeps["prisma"]): Promise<void> {
  const pool = poolOf(prisma);
  if (!pool) return;
  const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
  await Promise.all(clients.map((c) => c.query("select 1")));
  for (const c of clients) c.release();
}

const best = <T extends { ms: number }>(runs: T[]): T => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

const pct = (bareMs: number, ms: number) => `${Math.round((bareMs / ms) * 100)} %`;

if (process.argv[2] === "serve") serve();
else void main();
