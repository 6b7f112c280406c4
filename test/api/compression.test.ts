import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import pino from "pino";
import { createApi } from "../../src/api/app";
import { seedDashboard } from "../support/dashboard-seed";
import { freshDatabase, type TestDatabase } from "../support/db";

/** One GET with this Accept-Encoding: status, headers, the raw body as sent, and when its first bytes came. */
function get(base: string, path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; firstChunkMs: number; endMs: number }>(
    (resolve, reject) => {
      const start = Date.now();
      const req = request(base + path, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        let firstChunkMs = -1;
        res.on("data", (c: Buffer) => {
          if (firstChunkMs < 0) firstChunkMs = Date.now() - start;
          chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), firstChunkMs, endMs: Date.now() - start }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("HTTP compression", () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDashboard(db.prisma);
    const app = createApi({ prisma: db.prisma, log: pino({ level: "silent" }) }, (a) => {
      // A stream of events, as a live-update endpoint would send: two events 400 ms apart.
      a.get("/test-events", (_req, res) => {
        res.setHeader("content-type", "text/event-stream");
        res.write(`data: ${"first ".repeat(400)}\n\n`);
        setTimeout(() => res.end(`data: ${"second ".repeat(400)}\n\n`), 400);
      });
    });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await db.drop();
  });

  it("gzips the dashboard for a client that accepts it, and the page inside is the page sent without", async () => {
    const plain = await get(base, "/");
    const gzipped = await get(base, "/", "gzip");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.headers["content-security-policy"]).toContain("default-src 'none'");
    const html = gunzipSync(gzipped.body).toString("utf8");
    // Same page but for the time it was made.
    const unstamped = (s: string) => s.replace(/<time datetime="[^"]+">[^<]+<\/time>/g, "");
    expect(unstamped(html)).toBe(unstamped(plain.body.toString("utf8")));
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
  });

  it("compresses JSON too, with brotli when the client prefers it", async () => {
    const res = await get(base, "/api/v1/openapi.json", "br, gzip");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("leaves tiny responses alone", async () => {
    const res = await get(base, "/healthz", "gzip, deflate, br");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(res.body.toString())).toEqual({ data: { status: "ok" } });
  });

  it("never compresses a stream of events: the first event arrives as it is written", async () => {
    const res = await get(base, "/test-events", "gzip, deflate, br");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toContain("data: first");
    expect(res.body.toString()).toContain("data: second");
    // Buffered by a compressor, the first event would come with the second, 400 ms later.
    expect(res.endMs - res.firstChunkMs).toBeGreaterThanOrEqual(300);
  });
});
