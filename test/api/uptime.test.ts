import { syncCatalog } from "../../src/catalog/sync";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { snapshot } from "../support/notify";
import { entry } from "../support/providers";

describe("GET /api/v1/providers/:id/uptime", () => {
  let db: TestDatabase;
  let api: TestApi;
  const hour = 3_600_000;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    await syncCatalog(db.prisma, [entry("acme", "statuspage", "https://status.acme.test")]);
    const now = Date.now();
    const page = (api: string, t: number) =>
      snapshot({
        components: [
          { externalId: "api", name: "API", status: api as "operational", updatedAt: new Date(t) },
          { externalId: "dash", name: "Dashboard", status: "operational", updatedAt: new Date(now - 30 * hour) },
        ],
      });
    // Seen first 30 h ago; the API was down for 2 h, 10 h ago.
    await ingestSnapshot(db.prisma, "acme", page("operational", now - 30 * hour), {}, new Date(now - 30 * hour));
    await ingestSnapshot(db.prisma, "acme", page("major_outage", now - 10 * hour), {}, new Date(now - 10 * hour));
    await ingestSnapshot(db.prisma, "acme", page("operational", now - 8 * hour), {}, new Date(now - 8 * hour));
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it("reports each component's weighted uptime over the window, observed time only", async () => {
    const res = await api.get("/api/v1/providers/acme/uptime?days=2");
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.components.map((c: { name: string }) => [c.name, c]));
    expect(res.body.data).toMatchObject({ providerId: "acme", days: 2, downtimeWeights: { major_outage: 1, partial_outage: 0.3 } });
    expect(byName.API.downtimeSeconds).toBe(7200);
    expect(byName.API.observedSeconds).toBeGreaterThanOrEqual(30 * 3600 - 5);
    expect(byName.API.uptimePercent).toBeCloseTo(100 * (1 - 2 / 30), 1);
    expect(byName.Dashboard.uptimePercent).toBe(100);
    expect(byName.API.daily.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a bad window with problem+json and answers 404 for an unknown provider", async () => {
    for (const days of ["0", "91", "week"]) {
      const res = await api.get(`/api/v1/providers/acme/uptime?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await api.get("/api/v1/providers/nope/uptime")).status).toBe(404);
  });
});
