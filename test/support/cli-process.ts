import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(__dirname, "../..");

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stderr's JSON log lines (pino), parsed; other lines are left out. */
  logs(): { level: number; msg: string; [k: string]: unknown }[];
  /** Resolves with the exit code (or the signal's name), or undefined after `ms`. */
  exit(ms: number): Promise<number | string | undefined>;
  /** Polls `probe` every 100 ms for at most `ms`. */
  waitFor(probe: () => boolean, ms: number): Promise<boolean>;
  /** Sends `signal` to the child's whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** Last resort for a test that failed: SIGKILL the group. */
  kill(): void;
}

/**
 * Runs one of our entry points (`src/cli/start.ts`, `src/demo/run-demo.ts` …) as its own process
 * group under tsx, with exactly the environment given (plus PATH), like a user in a terminal.
 */
export function runCli(script: string, env: Record<string, string>, opts: { cwd?: string; node?: boolean } = {}): CliProcess {
  // `node --import tsx` as the npm scripts do: one process, so signals reach our handlers directly.
  const args = opts.node
    ? [path.join(ROOT, script)]
    : ["--import", pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, path.join(ROOT, script)];
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs: () =>
      err
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        }),
    async exit(ms) {
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([exited, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
      clearTimeout(timer);
      return result;
    },
    async waitFor(probe, ms) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (probe()) return true;
        if (child.exitCode !== null || child.signalCode !== null) return probe();
        await sleep(100);
      }
      return probe();
    },
    signalGroup(signal) {
      process.kill(-child.pid!, signal);
    },
    kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** A Postgres data directory whose postmaster is still running (or died without cleaning up). */
export const postmasterPidExists = (dataDir: string) => fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"));
