import { NetClient } from "../../src/net";
import { channels } from "../../src/notify/channels";
import type { SendContext } from "../../src/notify/channels/types";
import { sendContext } from "../../src/notify/send";
import { startServer, type TestServer } from "../support/http-server";
import { notifyConfig } from "../support/notify";

const payload = { text: "hello", blocks: [] };

describe("Slack send through the guarded fetch, over src/net", () => {
  let server: TestServer;
  const net = new NetClient();
  let ctx: SendContext;
  const context = (allow: string[]) => sendContext(channels.slack, { config: notifyConfig({ webhookAllowlist: allow, sendTimeoutMs: 2000 }), net });

  beforeAll(async () => {
    server = await startServer((req, res) => {
      req.resume();
      const status = Number(/\/(\d{3})$/.exec(req.url ?? "")?.[1] ?? 200);
      if (status === 302) return void res.writeHead(302, { location: "/services/elsewhere/200" }).end();
      res.writeHead(status, status === 429 ? { "retry-after": "3" } : {}).end(status === 200 ? "ok" : "invalid_payload");
    });
    ctx = context([`${server.url}/services/`]);
  });
  afterAll(async () => {
    await net.close();
    await server.close();
  });

  const to = (target: string) => ({ subscriptionId: 1, target, config: {} });
  const send = (path: string) => channels.slack.send(payload, to(`${server.url}/services/${path}`), ctx);

  it("posts the JSON Slack expects and reads the answer", async () => {
    expect(await send("200")).toEqual({ ok: true, answer: "Slack answered HTTP 200: ok" });
    const req = server.requests.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/services/200" });
    expect(req.headers["content-type"]).toBe("application/json");
  });

  it.each([
    ["400", { ok: false, kind: "permanent", reason: "Slack answered HTTP 400: invalid_payload" }],
    ["413", { ok: false, kind: "permanent", reason: "Slack answered HTTP 413: invalid_payload" }],
    ["429", { ok: false, kind: "retryable", reason: "Slack answered HTTP 429: invalid_payload", retryAfterMs: 3000, rateLimited: true }],
    ["503", { ok: false, kind: "retryable", reason: "Slack answered HTTP 503: invalid_payload" }],
    ["302", { ok: false, kind: "permanent", reason: "Slack answered HTTP 302 (a redirect; redirects are not followed)" }],
  ])("answers HTTP %s as %j", async (status, expected) => {
    const before = server.requests.length;
    expect(await send(status)).toMatchObject(expected);
    // One request: a redirect is not followed.
    expect(server.requests.length).toBe(before + 1);
  });

  it("is refused, for good, outside the allowlist on a loopback address; a refused connection is retried", async () => {
    const before = server.requests.length;
    const refused = await channels.slack.send(payload, to(`${server.url}/other/200`), ctx);
    expect(refused).toEqual({
      ok: false,
      kind: "permanent",
      reason: "Slack request refused: 127.0.0.1 is a loopback address; refused",
      retryAfterMs: undefined,
      rateLimited: undefined,
    });
    expect(server.requests.length).toBe(before);
    const closed = await startServer(() => undefined);
    const url = `${closed.url}/services/x`;
    await closed.close();
    const down = await channels.slack.send(payload, to(url), context([`${closed.url}/`]));
    expect(down).toMatchObject({ ok: false, kind: "retryable", reason: expect.stringContaining("ECONNREFUSED") });
  });
});
