import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { type ApiDeps, createApi } from "../../src/api/app";
import type { Db } from "../../src/db/database";

export interface TestApi {
  url: string;
  get(path: string): Promise<{ status: number; type: string; body: any }>;
  close(): Promise<void>;
}

/** The real Express app on loopback, over a test database; `extra` replaces any of its dependencies. */
export async function startApi(prisma: Db, extra: Partial<ApiDeps> = {}): Promise<TestApi> {
  const app = createApi({ prisma, log: pino({ level: "silent" }), ...extra });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async get(path) {
      const res = await fetch(url + path);
      const text = await res.text();
      return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : undefined };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
