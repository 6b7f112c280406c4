import { NetClient } from "../../../src/net";
import { detectSource } from "../../../src/sources/detect";
import { fakeDns } from "../../support/dns";
import { testHttp } from "../../support/providers";
import { serve } from "../local-server";
import { PAGES } from "./pages";

const untrusted = (allowlist: string[]) => testHttp({ trustPageOrigin: false, allowlist });

describe("detectSource on local pages of each kind (loopback allowlisted)", () => {
  it.each(Object.keys(PAGES))("detects %s, polls it once and says why", async (kind) => {
    const page = PAGES[kind]!;
    const server = await serve(page.routes);
    try {
      const allowlist = [`${server.base}/`];
      const result = await detectSource(server.base + page.path, { http: untrusted(allowlist), allowlist, statusioApiBase: server.base });
      if (!result.ok) throw new Error(`nothing fits: ${JSON.stringify(result.tried)}`);
      expect(result.kind).toBe(kind);
      expect(result.evidence.length).toBeGreaterThan(10);
      expect(result.snapshot.components.length + result.snapshot.incidents.length).toBeGreaterThan(0);
      expect(result.tried.at(-1)!.outcome).toMatch(/^fits: /);
    } finally {
      await server.close();
    }
  });

  it("stores a linked feed under the feed's URL", async () => {
    const server = await serve(PAGES.feed!.routes);
    try {
      const allowlist = [`${server.base}/`];
      const result = await detectSource(server.base, { http: untrusted(allowlist), allowlist });
      expect(result.ok && result.url).toBe(`${server.base}/history.rss`);
    } finally {
      await server.close();
    }
  });

  it("stores status.io under its API URL, which carries the page id", async () => {
    const server = await serve(PAGES.statusio!.routes);
    try {
      const allowlist = [`${server.base}/`];
      const result = await detectSource(server.base, { http: untrusted(allowlist), allowlist, statusioApiBase: server.base });
      expect(result.ok && [result.url, result.options]).toEqual([`${server.base}/1.0/status/5b36dc6502d06804c08349f7`, {}]);
    } finally {
      await server.close();
    }
  });
});

describe("detectSource when nothing fits", () => {
  it("names every kind it tried for an HTML page without status data", async () => {
    const server = await serve({
      "/": { body: "<html><head><title>Blog</title></head><body>Hello</body></html>", contentType: "text/html" },
      "/index.json": { body: '{"posts":[]}', contentType: "application/json" },
    });
    try {
      const allowlist = [`${server.base}/`];
      const result = await detectSource(server.base, { http: untrusted(allowlist), allowlist });
      expect(result.ok).toBe(false);
      const kinds = new Set(result.tried.map((t) => t.kind));
      for (const k of ["incidentio", "statuspage", "instatus", "betterstack", "cachet", "openstatus", "statusio", "feed"]) expect(kinds).toContain(k);
      expect(result.tried.find((t) => t.kind === "betterstack")!.outcome).toBe("JSON, but not this product's shape");
      expect(result.tried.find((t) => t.kind === "cachet")!.outcome).toBe("404");
    } finally {
      await server.close();
    }
  });

  it("notes a kind that fits but fails to poll, and moves on", async () => {
    // Instatus summary without the page object the parser needs is still rejected at poll time.
    const routes = {
      ...PAGES.openstatus!.routes,
      "/summary.json": {
        body: '{"page":{"status":"UP"},"activeIncidents":[{"id":"x","status":"EXPLODED","started":"2026-01-01T00:00:00Z"}]}',
        contentType: "application/json",
      },
    };
    const server = await serve(routes);
    try {
      const allowlist = [`${server.base}/`];
      const result = await detectSource(server.base, { http: untrusted(allowlist), allowlist });
      expect(result.ok && result.kind).toBe("openstatus");
      expect(result.tried.find((t) => t.kind === "instatus")!.outcome).toMatch(/but polling it failed: invalid_payload/);
    } finally {
      await server.close();
    }
  });

  it("refuses a loopback URL that is not under SOURCE_ALLOWLIST, fetching nothing", async () => {
    const server = await serve(PAGES.statuspage!.routes);
    try {
      const result = await detectSource(server.base, { http: untrusted([]), allowlist: [] });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.refused).toMatch(/loopback.*refused.*SOURCE_ALLOWLIST/);
      expect(server.hits).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("refuses a metadata address and a non-http URL", async () => {
    const meta = await detectSource("http://169.254.169.254/latest", { http: untrusted([]) });
    expect(!meta.ok && meta.refused).toMatch(/refused/);
    const ftp = await detectSource("ftp://status.acme.test", { http: untrusted([]) });
    expect(!ftp.ok && ftp.refused).toMatch(/http\(s\)/);
  });

  it("keeps the address check on a name that resolves to loopback", async () => {
    const server = await serve(PAGES.statuspage!.routes);
    try {
      const port = new URL(server.base).port;
      const net = new NetClient({ resolver: fakeDns({ "status.sneaky.test": ["127.0.0.1"] }) });
      const http = testHttp({ trustPageOrigin: false, allowlist: [] }, net);
      const result = await detectSource(`http://status.sneaky.test:${port}`, { http, allowlist: [] });
      expect(result.ok).toBe(false);
      expect(result.tried.find((t) => t.kind === "page")!.outcome).toMatch(/resolved to .*loopback.*refused/);
      expect(server.hits).toEqual([]);
      await net.close();
    } finally {
      await server.close();
    }
  });
});
