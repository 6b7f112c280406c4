import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPost {
  path: string;
  /** Path and query, as requested. */
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Decides the answer to the n-th post (0-based) on a path. */
export type Responder = (path: string, n: number) => Answer;

/**
 * A real HTTP server on loopback playing any webhook receiver (Teams, Discord, Google Chat,
 * PagerDuty, a plain webhook endpoint): it keeps every post's raw body and headers so tests can
 * check the wire format, and answers as the test tells it.
 */
export async function startReceiver(defaultAnswer: Answer = { status: 200, body: "ok" }) {
  const posts: ReceivedPost[] = [];
  const attempts: Array<{ path: string; status: number; at: number }> = [];
  let respond: Responder = () => defaultAnswer;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const path = url.split("?")[0]!;
      const answer = respond(path, attempts.filter((a) => a.path === path).length);
      attempts.push({ path, status: answer.status, at: Date.now() });
      if (answer.status >= 200 && answer.status < 300) {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          json = undefined;
        }
        posts.push({ path, url, headers: req.headers, raw, json, at: Date.now() });
      }
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    posts,
    attempts,
    url: (name: string) => `${base}hooks/${name}`,
    forPath: (name: string) => posts.filter((p) => p.path.endsWith(`/${name}`)),
    setResponder(fn: Responder) {
      respond = fn;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
