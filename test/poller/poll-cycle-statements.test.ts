import v8 from "node:v8";
import vm from "node:vm";
import pg from "pg";
import { pollProviders, type PollDeps } from "../../src/poller/poll-provider";
import { type FetchRequest, type FetchResult, HttpFetcher } from "../../src/sources/fetch/http";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

const summary = {
  page: { id: "p", name: "P" },
  status: { indicator: "none", description: "All Systems Operational" },
  components: [{ id: "c1", name: "API", status: "operational" }],
  incidents: [],
};

/** Statements sent by pg clients (Prisma's included: it runs on the same pg pool) while `fn` runs. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(pg.Client.prototype, "query");
  try {
    await fn();
    return spy.mock.calls.map((c) => (typeof c[0] === "string" ? c[0] : String((c[0] as { text?: string }).text)));
  } finally {
    spy.mockRestore();
  }
}

describe("a poll cycle outside the scheduler (poll:once, the benchmark)", () => {
  let db: TestDatabase;
  let page: TestServer;
  let deps: PollDeps;
  const ids = Array.from({ length: 12 }, (_, i) => `prov${i}`);

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer(jsonRoutes({ "/api/v2/summary.json": summary }));
    deps = await pollDeps(
      db.prisma,
      ids.map((id) => entry(id, "statuspage", page.url)),
    );
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  it("reads every provider's row in one statement, and an unchanged page then costs no statement of its own", async () => {
    const list = ids.map((id) => entry(id, "statuspage", page.url));
    const first = await pollProviders(deps, list, 4);
    expect(first.map((o) => o.result)).toEqual(ids.map(() => "updated"));
    const sent = await statementsDuring(async () => {
      const again = await pollProviders(deps, list, 4);
      expect(again.map((o) => o.result)).toEqual(ids.map(() => "unchanged"));
    });
    // Answered 304 within a minute of the last success: nothing to write, nothing more to read.
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/FROM providers WHERE id = ANY/);
    const conditional = page.requests.slice(-ids.length * 3).filter((r) => r.url === "/api/v2/summary.json");
    expect(conditional.every((r) => r.headers["if-none-match"] !== undefined)).toBe(true);
  });

  it("lets go of a provider's row (its HTTP validators) when its poll is over, not at the end of the cycle", async () => {
    const list = ids.map((id) => entry(id, "statuspage", page.url));
    await pollProviders(deps, list, 4);
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // One poll at a time, three documents each: the first provider's validators are the first
    // ones asked for, and the last provider's requests come once every other poll has ended.
    const firstProvider: WeakRef<object>[] = [];
    let calls = 0;
    let firstStillHeld: boolean | undefined;
    class Watching extends HttpFetcher {
      override async get(req: FetchRequest): Promise<FetchResult> {
        const call = calls++;
        if (call < 3 && req.validators) firstProvider.push(new WeakRef(req.validators));
        if (call === (ids.length - 1) * 3) {
          gc();
          firstStillHeld = firstProvider.some((r) => r.deref() !== undefined);
        }
        return super.get(req);
      }
    }
    const watching = new Watching({ timeoutMs: 2000, maxBodyBytes: 5_000_000, retries: 0, retryBaseMs: 10, userAgent: "statuswatch-test" });
    const outcomes = await pollProviders({ ...deps, http: watching }, list, 1);
    expect(outcomes.map((o) => o.result)).toEqual(ids.map(() => "unchanged"));
    expect(firstProvider).toHaveLength(1);
    expect(firstStillHeld).toBe(false);
  });
});
