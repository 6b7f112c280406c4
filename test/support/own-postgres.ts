import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export interface Postgres {
  url: string;
  stop(): Promise<void>;
}

/** An embedded Postgres in a child process: stopping it is a real shutdown of the server. */
export async function startPostgres(dataDir: string, port: number): Promise<Postgres> {
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}
