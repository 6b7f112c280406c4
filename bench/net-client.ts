import http from "node:http";
import type { AddressInfo } from "node:net";
import { NetClient } from "../src/net";
import { HttpFetcher } from "../src/sources/fetch/http";

const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 5000), 50_000);
const CONCURRENCY = 64;
const BODY = JSON.stringify({ components: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `Component ${i}`, status: "operational" })) });

/** Conditional GETs (304) and full GETs on loopback: a bare fetch loop against the same through src/net. */
async function main() {
  const server = http.createServer((req, res) => {
    if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { "content-type": "application/json", etag: '"v1"' }).end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/summary.json`;
  const net = new NetClient({ concurrency: CONCURRENCY });
  const fetcher = new HttpFetcher({ timeoutMs: 10_000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 100, userAgent: "bench" }, net);

  async function run(label: string, one: () => Promise<unknown>): Promise<number> {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) await one();
      }),
    );
    const ms = performance.now() - started;
    console.log(`${label.padEnd(40)} ${REQUESTS} requests in ${ms.toFixed(0)} ms = ${Math.round((REQUESTS / ms) * 1000)}/s`);
    return ms;
  }

  try {
    for (const conditional of [true, false]) {
      const headers: Record<string, string> = conditional ? { "if-none-match": '"v1"' } : {};
      const what = conditional ? "304" : "200";
      const bare = await run(`bare fetch, ${what}`, async () => {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
      });
      const viaNet = await run(`HttpFetcher over NetClient, ${what}`, () => fetcher.get({ url, validators: conditional ? { etag: '"v1"' } : undefined }));
      console.log(`  src/net throughput / bare fetch: ${((bare / viaNet) * 100).toFixed(0)} %`);
    }
  } finally {
    await net.close();
    server.closeAllConnections();
    server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
