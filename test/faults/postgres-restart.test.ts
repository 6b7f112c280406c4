import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../src/config";
import { spawn, type ChildProcess } from "node:child_process";
import { startService, type Service } from "../../src/service";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { waitFor } from "../support/notify";

const log = pino({ level: "silent" });
const root = path.resolve(__dirname, "../..");

interface Postgres {
  url: string;
  stop(): Promise<void>;
}

/** An embedded Postgres in a child process: stopping it is a real shutdown of the server. */
async function startPostgres(dataDir: string, port: number): Promise<Postgres> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/postgres-child.ts"), dataDir, String(port)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Postgres did not start: ${err}`)), 90_000);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`Postgres exited: ${err}`));
    });
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A Postgres of its own (the suite's shared one cannot be stopped), stopped and started under a running service. */
describe("the database restarted under a running service", () => {
  let dataDir: string;
  let pgPort: number;
  let pg: Postgres | undefined;
  let page: TestServer;
  let service: Service | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-pgrestart-"));
    fs.chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    pg = await startPostgres(dataDir, pgPort);
    page = await startServer(jsonRoutes({ "/api/v2/summary.json": { page: { id: "p" }, status: { indicator: "none" }, components: [] } }));
  }, 120_000);
  afterAll(async () => {
    await service?.stop().catch(() => {});
    await pg?.stop();
    await page?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const readyz = async () => (await fetch(`http://127.0.0.1:${service!.port}/readyz`)).status;
  const healthz = async () => (await fetch(`http://127.0.0.1:${service!.port}/healthz`)).status;
  const hits = () => page.requests.filter((r) => r.url === "/api/v2/summary.json").length;

  it("answers /readyz 503 while Postgres is away and 200 when it is back, and polling resumes without a restart", async () => {
    const file = path.join(dataDir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "quick", name: "Quick", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    const config = loadConfig({ DATABASE_URL: pg!.url, PORT: "0", HOST: "127.0.0.1", PROVIDERS_FILE: file, NOTIFY_POLL_MS: "200", HTTP_RETRIES: "0" });
    service = await startService(config, log);
    expect(await readyz()).toBe(200);
    await waitFor("polling", () => hits() >= 2, 15_000);

    await pg!.stop();
    pg = undefined;
    await waitFor("503", async () => (await readyz()) === 503, 15_000);
    expect(await healthz()).toBe(200);

    pg = await startPostgres(dataDir, pgPort);
    await waitFor("200 again", async () => (await readyz()) === 200, 20_000);
    const before = hits();
    const polledAt = (await service.db.prisma.provider.findUniqueOrThrow({ where: { id: "quick" } })).lastPolledAt!;
    await waitFor("polls after the restart", async () => hits() >= before + 2, 15_000);
    const after = await service.db.prisma.provider.findUniqueOrThrow({ where: { id: "quick" } });
    expect(after.lastPolledAt!.getTime()).toBeGreaterThan(polledAt.getTime());
  }, 120_000);
});
