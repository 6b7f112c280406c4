import { NetClient } from "../../src/net";
import { channels } from "../../src/notify/channels";
import type { SendDeps } from "../../src/notify/channels/types";
import { channelRequest } from "../../src/notify/outbound";
import { startServer, type TestServer } from "../support/http-server";

const payload = { text: "hello", blocks: [] };

describe("Slack send over src/net", () => {
  let server: TestServer;
  const net = new NetClient();
  let deps: SendDeps;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      req.resume();
      const status = Number(/\/(\d{3})$/.exec(req.url ?? "")?.[1] ?? 200);
      if (status === 302) return void res.writeHead(302, { location: "/services/elsewhere/200" }).end();
      res.writeHead(status, status === 429 ? { "retry-after": "3" } : {}).end(status === 200 ? "ok" : "invalid_payload");
    });
    deps = { timeoutMs: 2000, emailFrom: "x@example.test", request: channelRequest(net, { webhookAllowlist: [`${server.url}/services/`] }) };
  });
  afterAll(async () => {
    await net.close();
    await server.close();
  });

  const send = (path: string) => channels.slack.send(payload, `${server.url}/services/${path}`, deps);

  it("posts the JSON Slack expects and reads the answer", async () => {
    expect(await send("200")).toEqual({ ok: true });
    const req = server.requests.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/services/200" });
    expect(req.headers["content-type"]).toBe("application/json");
  });

  it.each([
    ["400", { ok: false, kind: "permanent", reason: "Slack answered HTTP 400: invalid_payload" }],
    ["413", { ok: false, kind: "permanent", reason: "Slack answered HTTP 413: invalid_payload" }],
    ["429", { ok: false, kind: "retryable", reason: "Slack answered HTTP 429: invalid_payload", retryAfterMs: 3000, rateLimited: true }],
    ["503", { ok: false, kind: "retryable", reason: "Slack answered HTTP 503: invalid_payload" }],
    ["302", { ok: false, kind: "retryable", reason: "Slack answered HTTP 302" }],
  ])("answers HTTP %s as %j", async (status, expected) => {
    const before = server.requests.length;
    expect(await send(status)).toMatchObject(expected);
    // One request: a redirect is not followed.
    expect(server.requests.length).toBe(before + 1);
  });

  it("is refused, for good, outside the allowlist on a loopback address; a refused connection is retried", async () => {
    const refused = await channels.slack.send(payload, `${server.url}/other/200`, deps);
    expect(refused).toEqual({ ok: false, kind: "permanent", reason: "Slack request refused: 127.0.0.1 is a loopback address; refused", retryAfterMs: undefined, rateLimited: undefined });
    const closed = await startServer(() => undefined);
    const url = `${closed.url}/services/x`;
    await closed.close();
    const down = await channels.slack.send(payload, url, { ...deps, request: channelRequest(net, { webhookAllowlist: [`${closed.url}/`] }) });
    expect(down).toMatchObject({ ok: false, kind: "retryable", reason: expect.stringContaining("ECONNREFUSED") });
  });
});
