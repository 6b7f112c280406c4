import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { statuspageAt } from "../../src/demo/outage-script";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/statuspage", name), "utf8"));

/** The real pino logger, writing its JSON lines into an array. */
function capturedLog() {
  const lines: { msg: string; provider?: string; events?: number }[] = [];
  const log = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe("the 'timeline updated' log line", () => {
  let db: TestDatabase;
  let page: TestServer;
  let deps: PollDeps;
  let lines: ReturnType<typeof capturedLog>["lines"];

  beforeAll(async () => {
    db = await freshDatabase();
    page = await startServer((_q, r) => void r.writeHead(503).end());
    const captured = capturedLog();
    lines = captured.lines;
    deps = {
      ...(await pollDeps(db.prisma, [
        entry("quiet0", "statuspage", page.url),
        entry("quiet", "statuspage", page.url),
        entry("acme", "statuspage", page.url + "/acme"),
      ])),
      log: captured.log,
    };
  });
  afterAll(async () => {
    await page.close();
    await db.drop();
  });

  const updatedLines = (provider: string) => lines.filter((l) => l.msg === "timeline updated" && l.provider === provider);

  it.each([
    [
      "a quiet page without ETags",
      "quiet0",
      () => {
        const docs = statuspageAt(0, page.url, Date.parse("2026-05-01T10:00:00Z"), 60_000);
        const routes = jsonRoutes({
          "/api/v2/summary.json": docs.summary,
          "/api/v2/incidents.json": docs.incidents,
          "/api/v2/scheduled-maintenances.json": docs.maintenances,
        });
        page.setHandler((req, res) => {
          delete req.headers["if-none-match"];
          routes(req, res);
        });
      },
    ],
    [
      "a page with a maintenance and incidents, without ETags",
      "acme",
      () => {
        const routes = jsonRoutes({
          "/acme/api/v2/summary.json": fixture("acme-summary.json"),
          "/acme/api/v2/incidents.json": fixture("acme-incidents.json"),
          "/acme/api/v2/scheduled-maintenances.json": fixture("acme-maintenances.json"),
        });
        page.setHandler((req, res) => {
          delete req.headers["if-none-match"];
          routes(req, res);
        });
      },
    ],
    [
      "a page whose own times move with every fetch (page and incident updated_at)",
      "quiet",
      () => {
        page.setHandler((req, res) => {
          const docs = statuspageAt(5, page.url, Date.parse("2026-05-01T10:00:00Z"), 60_000); // the outage is long resolved
          const fetchedAt = new Date().toISOString();
          Object.assign(docs.summary as object, { page: { ...(docs.summary as { page: object }).page, updated_at: fetchedAt } });
          for (const i of (docs.incidents as { incidents: { updated_at: string }[] }).incidents) i.updated_at = fetchedAt;
          const path = (req.url ?? "").split("?")[0]!;
          const body = path.endsWith("/summary.json") ? docs.summary : path.endsWith("/incidents.json") ? docs.incidents : docs.maintenances;
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        });
      },
    ],
  ])("is written once for %s, not on every later poll of the same content", async (_what, id, serve) => {
    serve();
    const e = entry(id, "statuspage", id === "acme" ? page.url + "/acme" : page.url);
    expect((await pollProvider(deps, e)).result).toBe("updated");
    for (let i = 0; i < 3; i++) expect((await pollProvider(deps, e)).result).toBe("unchanged");
    expect(updatedLines(id)).toHaveLength(1);
  });

  it("is not written while two CDN edges take turns serving the current and a stale copy", async () => {
    const e = entry("acme", "statuspage", page.url + "/acme");
    const edge = (stage: number) => {
      const docs = statuspageAt(stage, page.url + "/acme", Date.parse("2026-05-01T10:00:00Z"), 60_000);
      return jsonRoutes({
        "/acme/api/v2/summary.json": docs.summary,
        "/acme/api/v2/incidents.json": docs.incidents,
        "/acme/api/v2/scheduled-maintenances.json": docs.maintenances,
      });
    };
    const [current, stale] = [edge(3), edge(2)];
    page.setHandler(current);
    expect((await pollProvider(deps, e)).result).toBe("updated");
    const before = updatedLines("acme").length;
    for (let i = 0; i < 4; i++) {
      page.setHandler(i % 2 ? current : stale);
      expect((await pollProvider(deps, e)).result).toBe("unchanged");
    }
    expect(updatedLines("acme")).toHaveLength(before);
  });
});
