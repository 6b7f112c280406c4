import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../src/config";
import { startService } from "../../src/service";
import { freePort, isListening, postmasterPidExists, runCli, type CliProcess } from "../support/cli-process";
import { startServer, type TestServer } from "../support/http-server";

const summary = {
  page: { id: "p", name: "Slow" },
  status: { indicator: "none", description: "All good" },
  components: [{ id: "c1", name: "API", status: "operational" }],
};

/** `npm start` as a process with its embedded Postgres in a temp DATA_DIR, polling a slow local page every second. */
describe("npm start as a process", () => {
  let page: TestServer;
  let dir: string;
  let env: Record<string, string>;
  let port: number;
  let pgPort: number;
  let dataDir: string;
  let first: CliProcess | undefined;
  let second: CliProcess | undefined;
  let inFlight = 0;
  const started: number[] = [];

  beforeAll(async () => {
    // Each document takes 400 ms, so a poll is nearly always in flight when a signal comes.
    page = await startServer((req, res) => {
      inFlight++;
      started.push(Date.now());
      const body = req.url?.startsWith("/api/v2/summary.json")
        ? summary
        : req.url?.startsWith("/api/v2/incidents.json")
          ? { incidents: [] }
          : { scheduled_maintenances: [] };
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      }, 400);
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-start-"));
    fs.chmodSync(dir, 0o755);
    const providers = path.join(dir, "providers.json");
    fs.writeFileSync(providers, JSON.stringify([{ id: "slow", name: "Slow", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    [port, pgPort] = [await freePort(), await freePort()];
    dataDir = path.join(dir, "data");
    env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PROVIDERS_FILE: providers,
      HTTP_RETRIES: "0",
      LOG_LEVEL: "info",
    };
    first = runCli("src/cli/start.ts", env);
    const listening = await first.waitFor(() => first!.logs().some((l) => l.msg === "statuswatch listening"), 90_000);
    if (!listening) throw new Error(`npm start did not come up: ${first.stderr()}`);
  }, 120_000);
  afterAll(async () => {
    first?.kill();
    second?.kill();
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a second npm start in the same folder fails fast on the port, touching neither database nor the first's Postgres", async () => {
    // How long node and tsx take to start and stop here, measured with a PORT that fails at once.
    let t0 = Date.now();
    const baseline = runCli("src/cli/start.ts", { ...env, PORT: "not-a-port" });
    expect(await baseline.exit(30_000)).toBe(1);
    const startupMs = Date.now() - t0;
    t0 = Date.now();
    second = runCli("src/cli/start.ts", env);
    const code = await second.exit(30_000);
    const tookMs = Date.now() - t0;
    expect(code).toBe(1);
    expect(second.stderr()).toContain("statuswatch: port " + port + " is already in use (PORT); stop the other statuswatch or set PORT\n");
    expect(second.stderr()).not.toMatch(/Cannot read properties|\s+at /);
    // Nothing but the port check ran: no migration, no Postgres of its own.
    expect(
      second
        .logs()
        .map((l) => l.msg)
        .filter((m) => /Postgres|migrat|listening/.test(m)),
    ).toEqual([]);
    // Beyond starting node, the check takes no time (it used to take 16 s, or 90 s); the margin
    // is wide because a busy machine stretches both runs, and the logs above already prove it.
    expect(tookMs).toBeLessThan(startupMs * 2 + 8_000);
    // The first instance and its Postgres carry on.
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(postmasterPidExists(dataDir)).toBe(true);
  }, 70_000);

  it("in process too, the port is checked before the database is opened", async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    const busyPort = (busy.address() as net.AddressInfo).port;
    try {
      // A database that cannot be reached would fail after a connection attempt; the port fails first.
      const config = loadConfig({ PORT: String(busyPort), HOST: "127.0.0.1", DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" });
      await expect(startService(config, pino({ level: "silent" }))).rejects.toThrow(
        `port ${busyPort} is already in use (PORT); stop the other statuswatch or set PORT`,
      );
    } finally {
      busy.close();
    }
  });

  it("Ctrl-C stops polling, lets polls in flight finish, closes everything and stops Postgres, quietly, exit code 0", async () => {
    // A few polls have run and one is in flight.
    expect(await first!.waitFor(() => started.length >= 6 && inFlight > 0, 20_000)).toBe(true);

    const signalledAt = Date.now();
    first!.signalGroup("SIGINT");
    const code = await first!.exit(30_000);

    expect(code).toBe(0);
    const logs = first!.logs();
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
    // No poll started once the signal was handled (the one in flight had started before).
    expect(started.filter((t) => t > signalledAt + 300)).toEqual([]);
    expect(await isListening(port)).toBe(false);
    expect(await isListening(pgPort)).toBe(false);
    expect(postmasterPidExists(dataDir)).toBe(false);
  }, 60_000);
});
