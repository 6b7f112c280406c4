import http from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

/** A real HTTP server on loopback playing a status page (or Slack); the handler can be swapped between polls. */
export async function startServer(handler: Handler): Promise<TestServer> {
  let current = handler;
  const requests: TestServer["requests"] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    current(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (h) => (current = h),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves JSON documents by path, with ETag support so conditional GETs can be tested. */
export function jsonRoutes(docs: Record<string, unknown>): Handler {
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    if (!(path in docs)) {
      res.writeHead(404).end("not found");
      return;
    }
    const body = JSON.stringify(docs[path]);
    const etag = `"${Buffer.from(body).length}-${hash(body)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag }).end(body);
  };
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
