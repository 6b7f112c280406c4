import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, runCli, type CliProcess } from "../support/cli-process";
import { emptyDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";

const root = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** Production runs compiled JavaScript: `npm start` builds dist/ (prestart) and runs it with plain node. */
describe("npm start on compiled JavaScript", () => {
  let page: TestServer;
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  let cli: CliProcess | undefined;

  beforeAll(async () => {
    page = await startServer(jsonRoutes({ "/api/v2/summary.json": { page: { id: "p" }, status: { indicator: "none" }, components: [] } }));
    db = await emptyDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-compiled-"));
  });
  afterAll(async () => {
    cli?.kill();
    await page.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("builds dist/ from src/ (the Prisma client included) and runs without a transpiler", async () => {
    expect(pkg.scripts.start).toBe("node --max-old-space-size=1024 dist/src/cli/start.js");
    expect(pkg.scripts.prestart).toBe("node scripts/build.js");
    const build = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(root, "scripts/build.js")], { cwd: root, timeout: 120_000 }, (err, _out, stderr) =>
        resolve({ code: err ? 1 : 0, stderr }),
      ),
    );
    expect(build).toEqual({ code: 0, stderr: expect.any(String) });
    expect(fs.existsSync(path.join(root, "dist/src/generated/prisma/client.js"))).toBe(true);

    const providers = path.join(dir, "providers.json");
    fs.writeFileSync(providers, JSON.stringify([{ id: "local", name: "Local", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    const port = await freePort();
    // An empty database: the migrations are found from dist/ and applied.
    cli = runCli(
      "dist/src/cli/start.js",
      { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: db.url, PROVIDERS_FILE: providers, HTTP_RETRIES: "0", LOG_LEVEL: "info" },
      { node: true },
    );
    const up = await cli.waitFor(() => cli!.logs().some((l) => l.msg === "statuswatch listening"), 60_000);
    expect({ up, stderr: up ? "" : cli.stderr() }).toEqual({ up: true, stderr: "" });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const listed = (await (await fetch(`http://127.0.0.1:${port}/api/v1/providers`)).json()) as { data: { id: string }[] };
    expect(listed.data.map((p) => p.id)).toEqual(["local"]);

    cli.signalGroup("SIGTERM");
    expect(await cli.exit(30_000)).toBe(0);
    expect(cli.logs().filter((l) => l.level >= 50)).toEqual([]);
  }, 180_000);
});
