import v8 from "node:v8";
import pino from "pino";
import { createPrisma } from "../src/db/database";
import { pollProvider, pollProviders, type PollDeps, type PollOutcome } from "../src/poller/poll-provider";
import { HttpFetcher } from "../src/sources/fetch/http";
import type { ProviderEntry } from "../src/sources/types";

/**
 * The memory run of bench/poll-cycle.ts: one steady cycle in a process of its own, as a freshly
 * started server would run it. poll-cycle.ts compiles this file and the product (scripts/build.js)
 * and runs it with plain node, as `npm start` runs the server, so the RSS is production's and not
 * a transpiler's.
 */
export interface MemoryResult {
  ms: number;
  beforeMb: number;
  peakMb: number;
  heapMb: number;
  outcomes: string;
  /** How this process was run: the node binary's flags and the file. */
  ran: string;
}

export function statuspageEntries(port: number, n: number): ProviderEntry[] {
  return Array.from({ length: n }, (_, p) => ({
    id: `p${p}`,
    name: `Provider ${p}`,
    kind: "statuspage",
    url: `http://127.0.0.1:${port}/p${p}`,
    pollIntervalSeconds: 60,
    options: {},
  }));
}

export function summarize(label: string, outcomes: PollOutcome[]): string {
  const by = new Map<string, number>();
  for (const o of outcomes) by.set(o.result, (by.get(o.result) ?? 0) + 1);
  return `${label}: ${[...by].map(([k, v]) => `${v} ${k}`).join(", ")}`;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * Peak RSS and V8 heap from now until `stop()`, sampled every 50 ms (memoryUsage.rss() is one call;
 * the whole memoryUsage() walks the heap's spaces too). Both poll-cycle.ts and the memory run use it.
 */
export function memorySampler(): { stop(): { peakMb: number; heapMb: number } } {
  let peak = process.memoryUsage.rss();
  let heap = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    heap = Math.max(heap, v8.getHeapStatistics().total_heap_size);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return { peakMb: mb(Math.max(peak, process.memoryUsage.rss())), heapMb: mb(heap) };
    },
  };
}

async function memoryChild(url: string, port: number, providers: number, concurrency: number): Promise<void> {
  const prisma = createPrisma(url);
  const deps: PollDeps = {
    prisma,
    http: new HttpFetcher({ timeoutMs: 30_000, maxBodyBytes: 5 * 1024 * 1024, retries: 0, retryBaseMs: 500, userAgent: "statuswatch-bench" }),
    failureThreshold: 3,
    log: pino({ level: "silent" }),
  };
  const list = statuspageEntries(port, providers);
  await pollProvider(deps, list[0]!);
  const before = process.memoryUsage.rss();
  const sampler = memorySampler();
  const started = performance.now();
  const outcomes = await pollProviders(deps, list, concurrency);
  const ms = performance.now() - started;
  const { peakMb, heapMb } = sampler.stop();
  const failed = outcomes.filter((o) => o.result === "failed");
  if (failed.length) throw new Error(`${failed.length} polls failed, e.g. ${failed[0]!.reason}`);
  const ran = `node ${[...process.execArgv, require("node:path").relative(process.cwd(), __filename)].join(" ")}`;
  process.send?.({
    ms,
    beforeMb: mb(before),
    peakMb,
    heapMb,
    outcomes: summarize("outcomes", outcomes),
    ran,
  } satisfies MemoryResult);
  await prisma.$disconnect();
  process.disconnect?.();
}

if (require.main === module) {
  const [url, port, providers, concurrency] = process.argv.slice(2);
  memoryChild(url!, Number(port), Number(providers), Number(concurrency)).catch((err) => {
    process.stderr.write(`memory run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
