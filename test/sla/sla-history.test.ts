import { syncCatalog } from "../../src/catalog/sync";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { snapshot } from "../support/notify";
import { entry } from "../support/providers";

describe("SLA report with a component statuswatch watched", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApi(db.prisma);
    await syncCatalog(db.prisma, [entry("watched", "statuspage", "https://status.watched.test")]);
    const page = (status: string, at: string) =>
      snapshot({ components: [{ externalId: "api", name: "API", status: status as "operational", updatedAt: new Date(at) }] });
    // First seen 15 Nov; the API was in a major outage for an hour on 20 Nov, with no incident posted.
    for (const [status, at] of [
      ["operational", "2026-11-15T00:00:00Z"],
      ["major_outage", "2026-11-20T10:00:00Z"],
      ["operational", "2026-11-20T11:00:00Z"],
    ] as const) {
      await ingestSnapshot(db.prisma, "watched", page(status, at), {}, new Date(at));
    }
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it("uses the component's own history for the time it covers", async () => {
    const d = (await api.get("/api/v1/providers/watched/sla?month=2026-11&component=api")).body.data;
    expect(d.downtimeSeconds).toBe(3600);
    expect(d.historySeconds).toBe(16 * 86_400);
    expect(d.evidence).toEqual([]);
    // Without a component, only incidents count: there were none.
    const whole = (await api.get("/api/v1/providers/watched/sla?month=2026-11")).body.data;
    expect(whole).toMatchObject({ downtimeSeconds: 0, historySeconds: 0, availabilityPercent: 100 });
  });
});
