import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";

const root = path.resolve(__dirname, "../..");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));

function pollOnce(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "src/cli/poll-once.ts")],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HTTP_RETRIES: "0", HTTP_TIMEOUT_MS: "2000", LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run poll:once", () => {
  let db: TestDatabase;
  let page: TestServer;
  let dir: string;
  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer(
      jsonRoutes({
        "/good/api/v2/summary.json": fixture("acme-summary.json"),
        "/good/api/v2/incidents.json": fixture("acme-incidents.json"),
        "/partly/api/v2/summary.json": fixture("acme-summary.json"),
        "/partly/api/v2/incidents.json": { incidents: [...fixture("acme-incidents.json").incidents, { id: "odd1", name: "Odd", status: "frobnicating" }] },
      }),
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-cli-"));
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("polls every provider of PROVIDERS_FILE once, one line each, skipping a bad entry, and exits 0", async () => {
    const file = path.join(dir, "providers.json");
    fs.writeFileSync(
      file,
      JSON.stringify([
        { id: "good", name: "Good", kind: "statuspage", url: `${page.url}/good` },
        { id: "broken", name: "Broken", kind: "statuspage", url: `${page.url}/missing` },
        { id: "partly", name: "Partly", kind: "statuspage", url: `${page.url}/partly` },
        { id: "bad entry", name: "Bad", kind: "statuspage", url: "not a url" },
      ]),
    );
    const first = await pollOnce({ DATABASE_URL: db.url, PROVIDERS_FILE: file });
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split("\n").sort()).toEqual([
      "broken: failed: http_status: " + `${page.url}/missing/api/v2/summary.json answered HTTP 404`,
      "good: updated",
      "partly: updated",
    ]);
    expect(await db.prisma.incident.count({ where: { providerId: "good" } })).toBe(2);
    expect(await db.prisma.provider.count({ where: { enabled: true } })).toBe(3);
    // One unreadable incident is left out and named; the page's other incidents still land.
    expect(await db.prisma.incident.count({ where: { providerId: "partly" } })).toBe(2);
    expect(first.stderr).toContain('partly: 1 item(s) left out: incident odd1 has unknown status "frobnicating"');

    const second = await pollOnce({ DATABASE_URL: db.url, PROVIDERS_FILE: file });
    expect(second.stdout).toContain("good: unchanged");
  }, 90_000);

  it("exits non-zero when the database is unreachable", async () => {
    const res = await pollOnce({ DATABASE_URL: "postgresql://nobody:x@127.0.0.1:1/none", PROVIDERS_FILE: path.join(dir, "providers.json") });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("statuswatch: cannot reach the database at 127.0.0.1:1 (DATABASE_URL): connection refused\n");
    expect(res.stderr).not.toContain("nobody:x");
  }, 60_000);
});
