import { createHook } from "node:async_hooks";
import { NetClient } from "../../src/net/client";
import { fakeDns } from "../support/dns";
import { startServer, type TestServer } from "../support/http-server";

const base = { timeoutMs: 2000, maxBodyBytes: 1_000_000 };

describe("NetClient", () => {
  let server: TestServer;
  let port: number;
  let inFlight = 0;
  let peak = 0;
  /** When the server saw the connection of a request to /stall-body… close, by URL. */
  const closedAt = new Map<string, number>();
  const clients: NetClient[] = [];
  const client = (dns: Record<string, string[]> = {}, concurrency?: number) => {
    const c = new NetClient({ resolver: fakeDns(dns), concurrency, userAgent: "statuswatch-test" });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    server = await startServer((req, res) => {
      if (req.url === "/to-mapped") return void res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/secret` }).end();
      if (req.url === "/to-name") return void res.writeHead(302, { location: `http://internal.test:${port}/secret` }).end();
      if (req.url === "/same-origin") return void res.writeHead(301, { location: "/ok" }).end();
      if (req.url === "/big") return void res.writeHead(200).end("x".repeat(5000));
      if (req.url === "/hang") return;
      if (req.url?.startsWith("/stall-body")) {
        const url = req.url;
        req.socket.once("close", () => closedAt.set(url, performance.now()));
        return void res.writeHead(200, { "content-type": "text/plain" }).write("the start, and no end");
      }
      if (req.url === "/slow") {
        inFlight++;
        peak = Math.max(peak, inFlight);
        return void setTimeout(() => {
          inFlight--;
          res.writeHead(200).end("slow");
        }, 100);
      }
      res.writeHead(200, { "content-type": "text/plain" }).end(`ok ${req.method} ${req.url}`);
    });
    port = Number(new URL(server.url).port);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  it("refuses a loopback literal unless the policy trusts or allowlists it", async () => {
    await expect(client().request(`${server.url}/ok`, base)).rejects.toThrow("127.0.0.1 is a loopback address; refused");
    const trusted = await client().request(`${server.url}/ok`, { ...base, policy: { trustedOrigins: [server.url] } });
    expect(trusted.body.toString()).toBe("ok GET /ok");
    const allowed = await client().request(`${server.url}/hooks/a`, { ...base, policy: { allowlist: [`${server.url}/hooks/`] } });
    expect(allowed.status).toBe(200);
    await expect(client().request(`${server.url}/other`, { ...base, policy: { allowlist: [`${server.url}/hooks/`] } })).rejects.toMatchObject({
      kind: "blocked",
    });
    expect(server.requests.map((r) => r.url)).toEqual(["/ok", "/hooks/a"]);
  });

  it("refuses a name whose DNS answer is private, at connect time, and says so", async () => {
    const c = client({ "status.test": ["127.0.0.1"], "mixed.test": ["8.8.8.8", "10.0.0.7"] });
    await expect(c.request(`http://status.test:${port}/ok`, base)).rejects.toThrow(`status.test resolved to 127.0.0.1, a loopback address; refused`);
    await expect(c.check(`http://mixed.test:${port}/`)).resolves.toMatchObject({
      kind: "blocked",
      message: "mixed.test resolved to 10.0.0.7, a private address; refused",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("does not follow a trusted page's redirect to a disguised loopback address or a name resolving to one", async () => {
    const c = client({ "status.test": ["127.0.0.1"], "internal.test": ["::ffff:127.0.0.1"] });
    const policy = { trustedOrigins: [`http://status.test:${port}`] };
    await expect(c.request(`http://status.test:${port}/to-mapped`, { ...base, policy })).rejects.toThrow(
      `http://status.test:${port}/to-mapped led to http://[::ffff:7f00:1]:${port}/secret: ::ffff:7f00:1 (127.0.0.1) is a loopback address; refused`,
    );
    await expect(c.request(`http://status.test:${port}/to-name`, { ...base, policy })).rejects.toThrow(
      "internal.test resolved to ::ffff:127.0.0.1 (127.0.0.1), a loopback address; refused",
    );
    expect(server.requests.map((r) => r.url)).toEqual(["/to-mapped", "/to-name"]);
    // Within the trusted origin a redirect is followed.
    const same = await c.request(`http://status.test:${port}/same-origin`, { ...base, policy });
    expect(same.body.toString()).toBe("ok GET /ok");
    expect(same.url).toBe(`http://status.test:${port}/ok`);
  });

  it("with NAT64_ALLOWLIST, judges a NAT64 answer by the IPv4 address it carries, at connect time", async () => {
    const dns = { "dns64.test": ["64:ff9b::7f00:1"], "meta64.test": ["64:ff9b::a9fe:a9fe"], "public64.test": ["64:ff9b::808:808"] };
    const plain = client(dns);
    const dns64 = new NetClient({ resolver: fakeDns(dns), nat64Allowlist: ["64:ff9b::/96"] });
    clients.push(dns64);
    // Without it NAT64 is refused like any other range; with it a public IPv4 behind the prefix passes the check.
    await expect(plain.check(`http://public64.test:${port}/`)).resolves.toMatchObject({
      kind: "blocked",
      message: "public64.test resolved to 64:ff9b::808:808 (8.8.8.8), a NAT64 address; refused",
    });
    await expect(dns64.check(`http://public64.test:${port}/`)).resolves.toBeUndefined();
    await expect(dns64.check(`http://[64:ff9b::808:808]:${port}/`)).resolves.toBeUndefined();
    // What it carries still counts: loopback and metadata stay refused, on the connection itself.
    await expect(dns64.request(`http://dns64.test:${port}/ok`, base)).rejects.toMatchObject({
      kind: "blocked",
      message: "dns64.test resolved to 64:ff9b::7f00:1 (127.0.0.1), a loopback address; refused",
    });
    await expect(dns64.request(`http://meta64.test:${port}/ok`, base)).rejects.toThrow("169.254.169.254), a cloud metadata address; refused");
    await expect(dns64.request(`http://[64:ff9b::7f00:1]:${port}/ok`, base)).rejects.toThrow("64:ff9b::7f00:1 (127.0.0.1) is a loopback address; refused");
    // Only a URL allowlist entry lifts that, as for any refused address.
    await expect(dns64.check(`http://dns64.test:${port}/hooks/a`, { allowlist: [`http://dns64.test:${port}/hooks/`] })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it("caps the body, times out, and refuses non-http(s) URLs", async () => {
    const trusted = { policy: { trustedOrigins: [server.url] } };
    await expect(client().request(`${server.url}/big`, { ...base, ...trusted, maxBodyBytes: 1000 })).rejects.toMatchObject({ kind: "too_large" });
    await expect(client().request(`${server.url}/hang`, { ...base, ...trusted, timeoutMs: 200 })).rejects.toMatchObject({
      kind: "timeout",
      message: `no answer from ${server.url}/hang within 200 ms`,
    });
    await expect(client().request("file:///etc/passwd", base)).rejects.toMatchObject({ kind: "invalid_url" });
  });

  it("keeps at most HTTP_CONCURRENCY requests in flight", async () => {
    const c = client({}, 2);
    const trusted = { policy: { trustedOrigins: [server.url] } };
    peak = 0;
    await Promise.all(Array.from({ length: 6 }, () => c.request(`${server.url}/slow`, { ...base, ...trusted })));
    // Seen by the server: never more than two at once.
    expect(peak).toBe(2);
    expect(server.requests).toHaveLength(6);
  });

  it("disarms a request's deadline when the request ends, and still times out a body that stalls", async () => {
    // A deadline no other timer in the process has, to tell the client's timers from undici's.
    const deadlineMs = 47_000;
    const armed = new Set<number>();
    const disarmed = new Set<number>();
    const hook = createHook({
      init(id, type, _trigger, resource) {
        if (type === "Timeout" && (resource as { _idleTimeout?: number })._idleTimeout === deadlineMs) armed.add(id);
      },
      destroy(id) {
        if (armed.has(id)) disarmed.add(id);
      },
    });
    const c = client();
    const o = { ...base, timeoutMs: deadlineMs, policy: { trustedOrigins: [server.url] } };
    hook.enable();
    try {
      expect((await c.request(`${server.url}/ok`, o)).status).toBe(200);
      expect((await c.request(`${server.url}/same-origin`, o)).url).toBe(`${server.url}/ok`);
      expect((await c.request(`${server.url}/ok`, { ...o, method: "HEAD" })).status).toBe(200);
      expect((await c.request(`${server.url}/ok`, { ...o, discardBody: true, freshConnection: true })).status).toBe(200);
      await expect(c.request(`${server.url}/ok`, { ...o, policy: undefined })).rejects.toMatchObject({ kind: "blocked" });
      // Destroy hooks run a moment after the timer is cleared; a timer left armed stays for 47 s.
      for (let i = 0; i < 100 && disarmed.size < armed.size; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      hook.disable();
    }
    expect(armed.size).toBe(5);
    expect(disarmed.size).toBe(5);

    // The body read after the answer came back is still under the deadline.
    const t = { ...base, timeoutMs: 300, policy: { trustedOrigins: [server.url] } };
    await expect(c.request(`${server.url}/stall-body`, t)).rejects.toMatchObject({
      kind: "timeout",
      message: `${server.url}/stall-body did not finish its body within 300 ms`,
    });
    const started = performance.now();
    expect((await c.request(`${server.url}/stall-body?discard`, { ...t, discardBody: true, freshConnection: true })).status).toBe(200);
    for (let i = 0; i < 200 && !closedAt.has("/stall-body?discard"); i++) await new Promise((r) => setTimeout(r, 10));
    // Closed by the deadline, not before it and not left open.
    expect(closedAt.get("/stall-body?discard")! - started).toBeGreaterThanOrEqual(250);
  });
});
