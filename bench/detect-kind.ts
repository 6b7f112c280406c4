import { NetClient } from "../src/net";
import { detectSource } from "../src/sources/detect";
import { HttpFetcher } from "../src/sources/fetch/http";
import { serve } from "../test/sources/local-server";
import { PAGES } from "../test/sources/detect/pages";

const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 20), 200);

/** Time to detect a local page of each kind and poll it once (loopback allowlisted), median and worst of RUNS. */
async function main() {
  const net = new NetClient({ userAgent: "statuswatch-bench" });
  try {
    for (const [kind, page] of Object.entries(PAGES)) {
      const server = await serve(page.routes);
      const allowlist = [`${server.base}/`];
      const http = new HttpFetcher(
        { timeoutMs: 2000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 10, userAgent: "statuswatch-bench", allowlist, trustPageOrigin: false },
        net,
      );
      const times: number[] = [];
      try {
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          const result = await detectSource(server.base + page.path, { http, allowlist, statusioApiBase: server.base });
          times.push(performance.now() - started);
          if (!result.ok || result.kind !== kind) throw new Error(`${kind}: detected ${result.ok ? result.kind : "nothing"}`);
        }
      } finally {
        await server.close();
      }
      times.sort((a, b) => a - b);
      const requests = server.hits.length / RUNS;
      process.stdout.write(
        `${kind.padEnd(11)} median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms, ${requests.toFixed(0)} requests per detection\n`,
      );
    }
  } finally {
    await net.close();
  }
}

void main();
