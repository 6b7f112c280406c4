import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";

describe("API parameter validation", () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it.each([
    ["/api/v1/incidents?limit=0", "limit"],
    ["/api/v1/incidents?limit=abc", "limit"],
    ["/api/v1/incidents?status=exploded", "status"],
    ["/api/v1/incidents?active=maybe", "active"],
    ["/api/v1/incidents?since=yesterday", "since"],
    ["/api/v1/incidents?cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["/api/v1/incidents?colour=red", "colour"],
    ["/api/v1/events?kind=incident_exploded", "kind"],
    ["/api/v1/maintenances?status=soon", "status"],
    ["/api/v1/providers?category=food", "category"],
    ["/api/v1/incidents/abc", "id"],
  ])("GET %s → 400 problem naming %s", async (path, param) => {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain(param);
    expect(res.body["invalid-params"].map((p: { name: string }) => p.name)).toContain(param);
  });

  it.each(["/api/v1/incidents/999999", "/api/v1/maintenances/999999", "/api/v1/providers/nope", "/api/v1/nothing-here"])(
    "GET %s → 404 problem",
    async (path) => {
      const res = await api.get(path);
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/^application\/problem\+json/);
    },
  );

  it("answers healthz and readyz", async () => {
    expect((await api.get("/healthz")).body).toEqual({ data: { status: "ok" } });
    expect((await api.get("/readyz")).status).toBe(200);
  });

  it("pages incidents newest first with a cursor that walks every row once", async () => {
    await db.prisma.provider.create({ data: { id: "p", name: "P", kind: "statuspage", url: "https://p.test" } });
    const base = Date.parse("2026-01-01T00:00:00Z");
    await db.prisma.incident.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        providerId: "p",
        externalId: `i${i}`,
        title: `I${i}`,
        status: "resolved" as const,
        impact: "minor" as const,
        // two incidents share a start time, so the id breaks the tie
        startedAt: new Date(base + Math.min(i, 5) * 60_000),
      })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { body: { data: { externalId: string }[]; nextCursor: string | null } } = await api.get(
        `/api/v1/incidents?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...res.body.data.map((i) => i.externalId));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["i6", "i5", "i4", "i3", "i2", "i1", "i0"]);
    const since = await api.get("/api/v1/incidents?since=2026-01-01T00:03:00Z&until=2026-01-01T00:04:00Z");
    expect(since.body.data.map((i: { externalId: string }) => i.externalId)).toEqual(["i4", "i3"]);
  });
});
