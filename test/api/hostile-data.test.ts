import { pollProvider } from "../../src/poller/poll-provider";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { jsonRoutes, startServer, type TestServer } from "../support/http-server";
import { entry, pollDeps } from "../support/providers";

describe("NUL characters and script links from upstream or from requests", () => {
  let db: TestDatabase;
  let api: TestApi;
  let page: TestServer;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    const incident = {
      id: "nul1",
      name: "Errors\u0000 in the API",
      status: "investigating",
      impact: "major",
      created_at: "2026-06-01T10:00:00Z",
      shortlink: "javascript:alert(1)",
      incident_updates: [{ id: "u1", status: "investigating", body: "We are\u0000 looking", created_at: "2026-06-01T10:00:00Z" }],
    };
    // page.url "javascript:…" makes the parser fall back to the shortlink, which must not survive.
    const summary = {
      page: { id: "p", url: "javascript:alert(1)" },
      status: { indicator: "major" },
      components: [{ id: "c\u0000", name: "API\u0000", status: "major_outage" }],
      incidents: [incident],
    };
    page = await startServer(jsonRoutes({ "/api/v2/summary.json": summary }));
  });
  afterAll(async () => {
    await page.close();
    await api.close();
    await db.drop();
  });

  it("stores a page with NUL characters (removed) instead of failing every poll, and drops non-http links", async () => {
    const e = entry("nul", "statuspage", page.url);
    const deps = await pollDeps(db.prisma, [e]);
    expect((await pollProvider(deps, e)).result).toBe("updated");
    const list = await api.get("/api/v1/incidents?provider=nul");
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ title: "Errors in the API", url: null });
    const detail = await api.get(`/api/v1/incidents/${list.body.data[0].id}`);
    expect(detail.body.data.updates[0].body).toBe("We are looking");
    expect((await api.get("/api/v1/providers/nul")).body.data.components.map((c: { name: string }) => c.name)).toEqual(["API"]);
  });

  it("refuses NUL in a request with 400 problem+json, not a 500", async () => {
    const inPath = await fetch(`${api.url}/api/v1/providers/a%00b`);
    expect(inPath.status).toBe(400);
    expect(inPath.headers.get("content-type")).toMatch(/problem\+json/);
    const inQuery = await fetch(`${api.url}/api/v1/incidents?provider=a%00b`);
    expect(inQuery.status).toBe(400);
    const inBody = await fetch(`${api.url}/api/v1/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel: "slack", target: "x\u0000" }),
    });
    expect(inBody.status).toBe(400);
    expect(await inBody.text()).toContain("NUL");
  });

  it("records a page the database refuses as a failure of that source, instead of going silent", async () => {
    const ancient = {
      id: "old1",
      name: "From before Postgres time",
      status: "resolved",
      impact: "minor",
      created_at: "-010000-01-01T00:00:00Z",
      incident_updates: [],
    };
    const server = await startServer(jsonRoutes({ "/api/v2/summary.json": { page: { id: "p" }, components: [], incidents: [ancient] } }));
    try {
      const e = entry("ancient", "statuspage", server.url);
      const deps = await pollDeps(db.prisma, [e]);
      const outcome = await pollProvider(deps, e);
      expect(outcome.result).toBe("failed");
      expect(outcome.reason).toMatch(/^the page could not be stored: .*out of range/);
      const provider = (await api.get("/api/v1/providers/ancient")).body.data;
      expect(provider).toMatchObject({ sourceHealth: "failing", consecutiveFailures: 1 });
      expect(provider.lastError).toMatch(/^the page could not be stored/);
    } finally {
      await server.close();
    }
  });
});
