import { isPrivateHost } from "../../src/sources/private-address";
import { redirectProblem } from "../../src/sources/http";
import { startServer } from "../support/http-server";
import { testHttp } from "../support/providers";

describe("isPrivateHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["localhost", true],
    ["api.localhost", true],
    ["metadata.google.internal", true],
    ["[::1]", true],
    ["[fd00::1]", true],
    ["[fe80::1]", true],
    ["[::ffff:127.0.0.1]", true],
    ["[::ffff:8.8.8.8]", false],
    ["8.8.8.8", false],
    ["status.example.com", false],
    ["status.example.com.", false],
  ])("%s is private: %s", (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});

describe("redirects of a status-page fetch", () => {
  it("are refused from a public page to a private address or a non-http(s) URL, allowed otherwise", () => {
    expect(redirectProblem(false, new URL("http://169.254.169.254/latest/meta-data/"))).toBe("a private address");
    expect(redirectProblem(false, new URL("http://[::1]:8080/admin"))).toBe("a private address");
    expect(redirectProblem(false, new URL("file:///etc/passwd"))).toBe("a non-http(s) URL");
    expect(redirectProblem(false, new URL("https://status.example.com/new"))).toBeUndefined();
    // A page the operator put on a private network may redirect within it.
    expect(redirectProblem(true, new URL("http://10.0.0.5/status.json"))).toBeUndefined();
  });

  it("are followed on loopback up to five hops, and a loop fails clearly", async () => {
    const server = await startServer((req, res) => {
      const m = /^\/hop(\d+)$/.exec(req.url ?? "");
      if (req.url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
      if (m && Number(m[1]) < 5) return void res.writeHead(301, { location: `/hop${Number(m[1]) + 1}` }).end();
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    try {
      const got = await testHttp().get({ url: `${server.url}/hop1` });
      expect(got.kind === "body" && got.body).toBe('{"ok":true}');
      await expect(testHttp().get({ url: `${server.url}/loop` })).rejects.toThrow("redirected more than 5 times");
    } finally {
      await server.close();
    }
  });
});
