import { execFile } from "node:child_process";
import path from "node:path";
import { serve } from "../sources/local-server";
import { PAGES } from "../sources/detect/pages";
import { freshDatabase, type TestDatabase } from "../support/db";

const root = path.resolve(__dirname, "../..");

function detect(url: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(root, "src/cli/detect.ts"), url],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HTTP_TIMEOUT_MS: "2000", LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run detect -- <url>", () => {
  it("prints the kind, the evidence and the snapshot's counts for an allowlisted local Cachet page", async () => {
    const server = await serve(PAGES.cachet!.routes);
    try {
      const out = await detect(server.base, { SOURCE_ALLOWLIST: `${server.base}/` });
      expect(out.code).toBe(0);
      expect(out.stdout).toContain("kind: cachet");
      expect(out.stdout).toMatch(/evidence: .*\/api\/v1\/components answers Cachet API v1 components \(3 components/);
      expect(out.stdout).toContain("snapshot: status not stated, 3 components, 2 incidents (1 open), 0 maintenances");
    } finally {
      await server.close();
    }
  });

  it("exits 1 naming what it tried for an HTML page without status data", async () => {
    const server = await serve({ "/": { body: "<html><body>Just a blog</body></html>", contentType: "text/html" } });
    try {
      const out = await detect(server.base, { SOURCE_ALLOWLIST: `${server.base}/` });
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`no known kind fits ${server.base}; tried:`);
      for (const k of ["statuspage", "incidentio", "instatus", "betterstack", "cachet", "openstatus", "statusio", "feed"])
        expect(out.stderr).toMatch(new RegExp(`^  ${k}\\s`, "m"));
    } finally {
      await server.close();
    }
  });

  it("refuses a loopback page that is not allowlisted, without calling it", async () => {
    const server = await serve(PAGES.cachet!.routes);
    try {
      const out = await detect(server.base, {});
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^refused: .*loopback.*SOURCE_ALLOWLIST/);
      expect(server.hits).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("npm run detect -- <watched provider>", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("given a provider id, says the current kind and the kind that fits its page now", async () => {
    const server = await serve(PAGES.instatus!.routes);
    try {
      await db.prisma.provider.create({
        data: {
          id: "moved",
          name: "Moved",
          kind: "statuspage",
          url: server.base,
          formatGoodComponents: 6,
          formatChangedSince: new Date("2026-12-03T06:00:00Z"),
          formatChange: "the page returned 404 for /api/v2/summary.json",
        },
      });
      // No SOURCE_ALLOWLIST: the watched page's own origin is the operator's.
      const out = await detect("moved", { DATABASE_URL: db.url });
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`current kind: statuspage (${server.base})`);
      expect(out.stdout).toContain("format: changed since 2026-12-03T06:00:00.000Z: the page returned 404 for /api/v2/summary.json");
      expect(out.stdout).toContain("fits now: instatus (the provider is read as statuspage: change its kind to follow the page)");
      expect(out.stdout).toContain("kind: instatus");

      const byUrl = await detect(`${server.base}/`, { DATABASE_URL: db.url });
      expect(byUrl.stdout).toContain("provider: moved (Moved)");
      expect(byUrl.stdout).toContain("fits now: instatus");
    } finally {
      await server.close();
    }
  }, 90_000);

  it("names an unknown provider id", async () => {
    const out = await detect("nope", { DATABASE_URL: db.url });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("no watched provider has the id nope");
  });
});
