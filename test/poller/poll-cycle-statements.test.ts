import pg from "pg";
import { pollProviders, type PollDeps } from "../../src/poller/poll-provider";
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
});
