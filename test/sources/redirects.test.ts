import { NetClient } from "../../src/net";
import { pollProvider } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { fakeDns } from "../support/dns";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps, testHttp, timelineCounts } from "../support/providers";

const summary = { page: { id: "internal" }, status: { indicator: "none" }, components: [{ id: "c1", name: "Internal admin console", status: "operational" }] };

describe("redirects of a status-page fetch", () => {
  let db: TestDatabase;
  let internal: TestServer;
  let page: TestServer;
  let port: number;
  let redirectTo = "";
  const nets: NetClient[] = [];
  // status.test plays a public page whose name resolves to this machine; every redirect target below is loopback.
  const net = () => {
    const n = new NetClient({ resolver: fakeDns({ "status.test": ["127.0.0.1"], "internal.test": ["127.0.0.1"] }) });
    nets.push(n);
    return n;
  };

  beforeAll(async () => {
    db = await freshDatabase();
    internal = await startServer(jsonRoutes({ "/api/v2/summary.json": summary }));
    port = Number(new URL(internal.url).port);
    page = await startServer((req, res) => void res.writeHead(302, { location: redirectTo.replace("PATH", req.url ?? "/") }).end());
  });
  afterAll(async () => {
    await Promise.all(nets.map((n) => n.close()));
    await page.close();
    await internal.close();
    await db.drop();
  });

  it.each([
    ["the IPv4-mapped form Node writes", () => `http://[::ffff:127.0.0.1]:${port}PATH`, "::ffff:7f00:1 (127.0.0.1) is a loopback address"],
    ["the IPv4-mapped hex form", () => `http://[::ffff:7f00:1]:${port}PATH`, "::ffff:7f00:1 (127.0.0.1) is a loopback address"],
    ["a decimal address", () => `http://2130706433:${port}PATH`, "127.0.0.1 is a loopback address"],
    ["a short address", () => `http://127.1:${port}PATH`, "127.0.0.1 is a loopback address"],
    ["a NAT64 address", () => `http://[64:ff9b::127.0.0.1]:${port}PATH`, "64:ff9b::7f00:1 (127.0.0.1) is a loopback address"],
    ["the metadata service, mapped", () => "http://[::ffff:a9fe:a9fe]/latest/meta-data/", "::ffff:a9fe:a9fe (169.254.169.254) is a cloud metadata address"],
    ["localhost", () => `http://localhost:${port}PATH`, "localhost is a name for this machine or a metadata service"],
    ["a name resolving to loopback", () => `http://internal.test:${port}PATH`, "internal.test resolved to 127.0.0.1, a loopback address"],
  ])("from a page under a host name to %s: refused, nothing stored", async (_what, target, why) => {
    redirectTo = target();
    const e = entry("hostile", "statuspage", `http://status.test:${Number(new URL(page.url).port)}`);
    const deps = await pollDeps(db.prisma, [e], testHttp({}, net()));
    const before = internal.requests.length;
    const outcome = await pollProvider(deps, e);
    expect(outcome.result).toBe("failed");
    expect(outcome.reason).toContain(`${why}; refused`);
    expect(internal.requests.length).toBe(before);
    expect(await timelineCounts(db.prisma)).toMatchObject({ components: 0, incidents: 0, events: 0 });
  });

  it("are followed to a loopback address SOURCE_ALLOWLIST names", async () => {
    redirectTo = `${internal.url}PATH`;
    const e = entry("allowed", "statuspage", `http://status.test:${Number(new URL(page.url).port)}`);
    const deps = await pollDeps(db.prisma, [e], testHttp({ allowlist: [`${internal.url}/api/`] }, net()));
    expect((await pollProvider(deps, e)).result).toBe("updated");
    expect((await timelineCounts(db.prisma)).components).toBe(1);
  });

  it("are followed on loopback up to five hops, and a loop fails clearly", async () => {
    const server = await startServer((req, res) => {
      const m = /^\/hop(\d+)$/.exec(req.url ?? "");
      if (req.url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
      if (req.url === "/file") return void res.writeHead(302, { location: "file:///etc/passwd" }).end();
      if (m && Number(m[1]) < 5) return void res.writeHead(301, { location: `/hop${Number(m[1]) + 1}` }).end();
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    try {
      const got = await testHttp().get({ url: `${server.url}/hop1` });
      expect(got.kind === "body" && got.body).toBe('{"ok":true}');
      await expect(testHttp().get({ url: `${server.url}/loop` })).rejects.toThrow("redirected more than 5 times");
      await expect(testHttp().get({ url: `${server.url}/file` })).rejects.toThrow("redirected to a non-http(s) URL; refused");
    } finally {
      await server.close();
    }
  });
});
