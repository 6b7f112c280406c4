import zlib from "node:zlib";
import { SourceError } from "../../src/sources/errors";
import { startServer, type TestServer } from "../support/http-server";
import { testHttp } from "../support/providers";

describe("the status-page HTTP client", () => {
  let server: TestServer;
  const ports: number[] = [];
  const text = JSON.stringify({ words: "päge – ✓".repeat(50) });

  beforeAll(async () => {
    server = await startServer((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      const enc = req.url!.slice(1);
      const headers = { "content-type": "application/json; charset=utf-8" };
      if (enc === "gzip") return void res.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(zlib.gzipSync(text));
      if (enc === "br") return void res.writeHead(200, { ...headers, "content-encoding": "br" }).end(zlib.brotliCompressSync(text));
      if (enc === "deflate") return void res.writeHead(200, { ...headers, "content-encoding": "deflate" }).end(zlib.deflateSync(text));
      // 10 MB of zeros that compress to about 10 KB: over the cap only once inflated.
      if (enc === "bomb") return void res.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(zlib.gzipSync(Buffer.alloc(10_000_000)));
      if (enc === "broken") return void res.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(Buffer.from("not gzip at all"));
      res.writeHead(200, headers).end(text);
    });
  });
  afterAll(() => server.close());

  it.each(["gzip", "br", "deflate", "plain"])("decodes a %s body", async (enc) => {
    const r = await testHttp().get({ url: `${server.url}/${enc}` });
    expect(r).toMatchObject({ kind: "body", body: text });
  });

  it("asks for compressed bodies", async () => {
    await testHttp().get({ url: `${server.url}/plain` });
    expect(server.requests.at(-1)!.headers["accept-encoding"]).toContain("gzip");
  });

  it("refuses a body that passes the size cap once decompressed", async () => {
    const err = await testHttp({ maxBodyBytes: 1_000_000 }).get({ url: `${server.url}/bomb` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toMatch(/more than the 1000000-byte limit/);
  });

  it("reports a body that does not decompress as a failure of the page", async () => {
    const err = await testHttp().get({ url: `${server.url}/broken` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toMatch(/body interrupted/);
  });

  it("keeps the connection open between requests to one page", async () => {
    const http = testHttp();
    ports.length = 0;
    for (let i = 0; i < 3; i++) await http.get({ url: `${server.url}/plain` });
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });
});
