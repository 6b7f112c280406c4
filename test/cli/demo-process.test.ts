import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isListening, runCli, type CliProcess } from "../support/cli-process";
import { freshDatabase, type TestDatabase } from "../support/db";
import { seedInUse, snapshotDatabase } from "../support/db-snapshot";

/** `npm run demo` as a user runs it: from a folder whose .env points at a database in use. */
describe("npm run demo as a process, with DATABASE_URL and PROVIDERS_FILE in .env", () => {
  let db: TestDatabase;
  let dir: string;
  let tmp: string;
  let cli: CliProcess | undefined;
  let before: Awaited<ReturnType<typeof snapshotDatabase>>;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedInUse(db.prisma);
    before = await snapshotDatabase(db.url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-demo-cli-"));
    tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(tmp, 0o755);
    // PROVIDERS_FILE names a file that is not there: the demo must not even read it.
    fs.writeFileSync(path.join(dir, ".env"), `DATABASE_URL=${db.url}\nPROVIDERS_FILE=${path.join(dir, "missing.json")}\nDEMO_STEP_MS=800\n`);
  });
  afterEach(() => cli?.kill());
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pgPort = (out: string) => Number(/temporary cluster of the demo's own on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  // Under load a poll may time out (a warning); errors and stack traces must not appear.
  const errors = (c: CliProcess) => [
    ...c
      .logs()
      .filter((l) => l.level >= 50)
      .map((l) => l.msg),
    ...c
      .stderr()
      .split("\n")
      .filter((l) => /^\s+at |^statuswatch:/.test(l)),
  ];
  const leftovers = () => fs.readdirSync(tmp).filter((n) => n.startsWith("statuswatch-demo-"));

  it("replays the outage on a Postgres of its own, leaves that database as it was, and exits 0 by itself", async () => {
    cli = runCli("src/demo/run-demo.ts", { TMPDIR: tmp }, { cwd: dir });
    const code = await cli.exit(120_000);
    expect({ code, errors: errors(cli) }).toEqual({ code: 0, errors: [] });
    expect(cli.stdout()).toMatch(/Slack #oncall +5: Degraded performance · Investigating · Identified · Monitoring · Resolved/);
    expect(await snapshotDatabase(db.url)).toEqual(before);
    expect(pgPort(cli.stdout())).toBeGreaterThan(0);
    expect(await isListening(pgPort(cli.stdout()))).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 150_000);

  it("on Ctrl-C mid-replay stops everything it started, Postgres included, and removes its cluster", async () => {
    cli = runCli("src/demo/run-demo.ts", { TMPDIR: tmp }, { cwd: dir });
    expect(await cli.waitFor(() => cli!.stdout().includes("[stage 2/"), 90_000)).toBe(true);
    const port = pgPort(cli.stdout());
    expect(await isListening(port)).toBe(true);
    cli.signalGroup("SIGINT");
    const code = await cli.exit(30_000);
    expect({ code, errors: errors(cli) }).toEqual({ code: 130, errors: [] });
    expect(cli.stdout()).toContain("Interrupted: stopping what the demo started");
    expect(await isListening(port)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(await snapshotDatabase(db.url)).toEqual(before);
  }, 150_000);
});
