import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpFetcher } from "../../src/sources/fetch/http";
import type { ProviderEntry, SourceContext } from "../../src/sources/types";

export interface Route {
  body: string;
  status?: number;
  contentType?: string;
  etag?: string;
}

/** A real HTTP server on 127.0.0.1 serving fixed routes; answers 304 when If-None-Match matches the route's etag. */
export async function serve(routes: Record<string, Route>): Promise<{ base: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    hits.push(path);
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    if (route.etag && req.headers["if-none-match"] === route.etag) {
      res.writeHead(304, { etag: route.etag }).end();
      return;
    }
    res.writeHead(route.status ?? 200, { "content-type": route.contentType ?? "application/octet-stream", ...(route.etag ? { etag: route.etag } : {}) });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

export function testContext(validators: SourceContext["validators"] = {}): SourceContext {
  return {
    http: new HttpFetcher({ timeoutMs: 2000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 10, userAgent: "statuswatch-test" }),
    validators,
    now: new Date("2024-01-01T00:00:00Z"),
  };
}

export function entry<O>(kind: string, url: string, options: O): ProviderEntry<O> {
  return { id: `test-${kind}`, name: `Test ${kind}`, kind, url, pollIntervalSeconds: 60, options };
}
