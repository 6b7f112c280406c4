import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, isListening, postmasterPidExists, runCli, type CliProcess } from "../support/cli-process";
import { startServer, type TestServer } from "../support/http-server";

const summary = { page: { id: "p", name: "Slow" }, status: { indicator: "none", description: "All good" }, components: [{ id: "c1", name: "API", status: "operational" }] };

describe("Ctrl-C on npm start with its embedded Postgres", () => {
  let page: TestServer;
  let dir: string;
  let cli: CliProcess | undefined;
  let inFlight = 0;
  const started: number[] = [];

  beforeAll(async () => {
    // Each document takes 400 ms, so a poll is nearly always in flight when the signal comes.
    page = await startServer((req, res) => {
      inFlight++;
      started.push(Date.now());
      const body = req.url?.startsWith("/api/v2/summary.json") ? summary : req.url?.startsWith("/api/v2/incidents.json") ? { incidents: [] } : { scheduled_maintenances: [] };
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      }, 400);
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-sigint-"));
    fs.chmodSync(dir, 0o755);
  });
  afterAll(async () => {
    cli?.kill();
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops polling, lets polls in flight finish, closes everything and stops Postgres, quietly, exit code 0", async () => {
    const providers = path.join(dir, "providers.json");
    fs.writeFileSync(providers, JSON.stringify([{ id: "slow", name: "Slow", kind: "statuspage", url: page.url, pollIntervalSeconds: 1 }]));
    const [port, pgPort] = [await freePort(), await freePort()];
    const dataDir = path.join(dir, "data");
    cli = runCli("src/cli/start.ts", {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PROVIDERS_FILE: providers,
      HTTP_RETRIES: "0",
      LOG_LEVEL: "info",
    });
    const listening = await cli.waitFor(() => cli!.logs().some((l) => l.msg === "statuswatch listening"), 90_000);
    expect({ listening, stderr: listening ? "" : cli.stderr() }).toEqual({ listening: true, stderr: "" });
    // A few polls have run and one is in flight.
    expect(await cli.waitFor(() => started.length >= 6 && inFlight > 0, 20_000)).toBe(true);

    const signalledAt = Date.now();
    cli.signalGroup("SIGINT");
    const code = await cli.exit(30_000);

    expect(code).toBe(0);
    const logs = cli.logs();
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(logs.map((l) => l.msg)).toContain("shutting down");
    // No poll started once the signal was handled (the one in flight had started before).
    expect(started.filter((t) => t > signalledAt + 300)).toEqual([]);
    expect(await isListening(port)).toBe(false);
    expect(await isListening(pgPort)).toBe(false);
    expect(postmasterPidExists(dataDir)).toBe(false);
  }, 150_000);
});
