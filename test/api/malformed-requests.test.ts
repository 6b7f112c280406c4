import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createApi } from "../../src/api/app";
import { encodeCursor } from "../../src/api/validate";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, notifyConfig } from "../support/notify";

const TOO_BIG = 2 ** 31; // one above Postgres' integer

/** Requests built to break the server: each must be a 400 problem, and none may log an error. */
describe("malformed requests answer 400, never 500", () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;
  const logged: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const log = pino({ level: "info" }, { write: (s: string) => void logged.push(JSON.parse(s)) });
    const app = createApi({ prisma: db.prisma, log, notify: { apiKey: API_KEY, config: notifyConfig() } });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await db.drop();
  });
  afterEach(() => {
    const errors = logged.splice(0).filter((l) => l.level >= 50);
    expect(errors.map((l) => l.msg)).toEqual([]);
  });

  async function expect400(res: Response, param?: string) {
    const text = await res.text();
    expect({ status: res.status, text }).toMatchObject({ status: 400 });
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(text);
    expect(body.status).toBe(400);
    if (param) expect(body["invalid-params"].map((p: { name: string }) => p.name)).toContain(param);
    return body;
  }

  it.each([
    ["/api/v1/events?since=0000-01-01", "since"],
    ["/api/v1/events?since=0000-12-31T23:59:59Z", "since"],
    ["/api/v1/events?since=0001-01-01T00:00:00%2B01:00", "since"], // year 0 once in UTC
    ["/api/v1/incidents?since=0000-01-01", "since"],
    ["/api/v1/incidents?until=0000-01-01T00:00:00Z", "until"],
    ["/api/v1/incidents?since=2026-02-31", "since"],
    ["/api/v1/incidents?until=2026-13-01", "until"],
    ["/api/v1/incidents?cursor=" + encodeCursor({ s: "0000-01-01T00:00:00Z", i: 1 }), "cursor"],
    ["/api/v1/incidents?cursor=" + encodeCursor({ s: "2026-01-01T00:00:00Z", i: TOO_BIG }), "cursor"],
    ["/api/v1/events?cursor=" + encodeCursor({ i: TOO_BIG }), "cursor"],
    ["/api/v1/maintenances?cursor=" + encodeCursor({ i: TOO_BIG }), "cursor"],
    ["/api/v1/deliveries?cursor=" + encodeCursor({ b: TOO_BIG }), "cursor"],
    ["/api/v1/incidents/" + TOO_BIG, "id"],
    ["/api/v1/maintenances/" + TOO_BIG, "id"],
    ["/api/v1/incidents/99999999999999999999999", "id"],
    ["/incidents/" + TOO_BIG, "id"],
  ])("GET %s → 400 naming %s", async (path, param) => {
    await expect400(await fetch(base + path, { headers: { authorization: `Bearer ${API_KEY}` } }), param);
  });

  const nested = (depth: number, open: string, close: string, inner = "1") => open.repeat(depth) + inner + close.repeat(depth);
  it.each([
    ["deep arrays", nested(20_000, "[", "]")],
    ["deep objects", nested(8_000, '{"a":', "}")],
    ["deep objects under a key", `{"channel":"slack","target":${nested(5_000, "[", "]")}}`],
    ["arrays and objects mixed", nested(6_000, '[{"k":', "}]")],
  ])("a body of %s is refused as too deep, on any path, without a key", async (_what, body) => {
    for (const [method, path] of [
      ["POST", "/api/v1/subscriptions"],
      ["POST", "/api/v1/nothing"],
      ["PATCH", "/api/v1/subscriptions/1"],
      ["PUT", "/"],
    ] as const) {
      const res = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body });
      const problem = await expect400(res);
      expect(problem.detail).toMatch(/nested too deeply/);
    }
  });

  it("refuses bodies with too many values, and still finds a NUL at any depth it accepts", async () => {
    const wide = JSON.stringify(Array.from({ length: 20_000 }, () => 0));
    expect(
      (await expect400(await fetch(base + "/api/v1/subscriptions", { method: "POST", headers: { "content-type": "application/json" }, body: wide }))).detail,
    ).toMatch(/too many values/);
    const withNul = JSON.stringify({ a: [{ b: [{ c: "x\u0000y" }] }] });
    expect(
      (await expect400(await fetch(base + "/api/v1/subscriptions", { method: "POST", headers: { "content-type": "application/json" }, body: withNul }))).detail,
    ).toMatch(/NUL/);
  });

  it("survives random shapes of nesting (fuzz, bounded)", async () => {
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 25; round++) {
      const depth = 1 + rand(12_000);
      let open = "";
      let close = "";
      for (let i = 0; i < depth; i++) {
        if (rand(2)) {
          open += "[";
          close = "]" + close;
        } else {
          open += `{"k${rand(5)}":`;
          close = "}" + close;
        }
      }
      const res = await fetch(base + "/api/v1/subscriptions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
        body: open + '"v"' + close,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      await res.text();
    }
  }, 30_000);
});
