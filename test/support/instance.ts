import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export interface Instance {
  port: number;
  child: ChildProcess;
  /** Everything it logged (JSON lines on stderr). */
  logs: () => string;
  /** SIGKILL: no shutdown, claims and leases left as they were. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * The real service as `npm start` runs it, in a child process (node with the tsx loader, so the pid
 * is the service itself and a SIGKILL kills it). Resolves once it listens.
 */
export async function startInstance(env: Record<string, string>, timeoutMs = 90_000): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/cli/start.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", HTTP_RETRIES: "0", HTTP_TIMEOUT_MS: "2000", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`instance did not start in ${timeoutMs} ms:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /"port":(\d+)[^\n]*statuswatch listening/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code} before listening:\n${stderr.slice(-2000)}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
  };
  return { port, child, logs: () => stderr, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}
