import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackPost {
  path: string;
  body: { text: string; blocks: Array<Record<string, unknown>> };
  at: number;
}

export interface SlackAnswer {
  status: number;
  headers?: Record<string, string>;
}

/** Decides the answer to the n-th post (0-based) on a path; the default accepts everything. */
export type SlackResponder = (path: string, n: number) => SlackAnswer;

/**
 * A local HTTP server that answers like a Slack incoming webhook ("ok" on 200), so the demo and
 * the tests exercise the real Slack channel without a Slack workspace.
 */
export async function startSlackReceiver(opts: { port?: number; onPost?: (post: SlackPost) => void } = {}) {
  const posts: SlackPost[] = [];
  const attempts: Array<{ path: string; at: number; status: number }> = [];
  let respond: SlackResponder = () => ({ status: 200 });
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      let body: SlackPost["body"] | undefined;
      try {
        body = JSON.parse(raw) as SlackPost["body"];
      } catch {
        body = undefined;
      }
      const answer = body ? respond(path, attempts.filter((a) => a.path === path).length) : { status: 400 };
      attempts.push({ path, at: Date.now(), status: answer.status });
      if (answer.status === 200 && body) {
        const post = { path, body, at: Date.now() };
        posts.push(post);
        opts.onPost?.(post);
      }
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.status === 200 ? "ok" : body ? "no" : "invalid_payload");
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    server,
    posts,
    attempts,
    /** A webhook URL shaped like Slack's, ending in `name`. */
    url: (name: string) => `${base}services/T000/B000/${name}`,
    forPath: (name: string) => posts.filter((p) => p.path.endsWith(`/${name}`)),
    setResponder(fn: SlackResponder) {
      respond = fn;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type SlackReceiver = Awaited<ReturnType<typeof startSlackReceiver>>;
