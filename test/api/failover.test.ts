import Ajv2020 from "ajv/dist/2020";
import pino from "pino";
import { syncCatalog } from "../../src/catalog/sync";
import { FailoverState } from "../../src/failover/state";
import { ingestSnapshot } from "../../src/timeline/ingest";
import type { ProviderEntry } from "../../src/sources/types";
import { startApi, type TestApi } from "../support/api";
import { freshDatabase, type TestDatabase } from "../support/db";
import { incident, snapshot } from "../support/notify";
import { entry } from "../support/providers";

const log = pino({ level: "silent" });
const DAY = 86_400_000;

function llm(id: string, more: Partial<ProviderEntry> = {}): ProviderEntry {
  return { ...entry(id, "statuspage", `https://status.${id}.test`), capabilities: ["llm-api"], ...more };
}

describe("GET /api/v1/failover", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await freshDatabase();
    await syncCatalog(db.prisma, [llm("old-llm")]);
    await syncCatalog(db.prisma, [
      llm("anthropic", { alternatives: ["azure-openai"] }),
      llm("openai", { capabilities: ["llm-api", "embeddings"] }),
      llm("azure-openai"),
      llm("mistral"),
      llm("cohere"),
      llm("groq"),
      { ...entry("s3", "statuspage", "https://status.s3.test"), capabilities: ["object-storage"] },
    ]);
    const now = Date.now();
    // Every provider was read and is operational; mistral with ten days of component history.
    await db.prisma.provider.updateMany({ data: { lastSuccessAt: new Date(now), status: "operational" } });
    await ingestSnapshot(db.prisma, "mistral", snapshot({}), {}, new Date(now - 10 * DAY));
    await ingestSnapshot(
      db.prisma,
      "anthropic",
      snapshot({ incidents: [incident("investigating", 0, { title: "Elevated errors on Claude API" })] }),
      {},
      new Date(now),
    );
    await ingestSnapshot(db.prisma, "openai", snapshot({ incidents: [incident("identified", 0, { title: "API errors" })] }), {}, new Date(now));
    const since = new Date("2026-12-01T10:02:00Z");
    await db.prisma.outageEpisode.create({
      data: { providerId: "cohere", state: "suspected", suspectedAt: since, openedAt: since, lastAbnormalAt: since, confidence: 0.7, peakConfidence: 0.7 },
    });
    await db.prisma.provider.update({ where: { id: "groq" }, data: { consecutiveFailures: 3, unreachableSince: new Date("2026-12-01T09:40:00Z") } });
    api = await startApi(db.prisma, { failover: new FailoverState(db.prisma, { refreshMs: 200, uptimeRefreshMs: 60_000, log }) });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it("ranks an alternative with an open major incident below the healthy ones, says why, and advises failover", async () => {
    const res = await api.get("/api/v1/failover?for=anthropic");
    expect(res.status).toBe(200);
    const { subject, advice, alternatives } = res.body.data;
    expect(subject).toMatchObject({
      id: "anthropic",
      healthy: false,
      openIncidents: [{ title: "Elevated errors on Claude API", impact: "major", status: "investigating" }],
      suspected: null,
    });
    expect(subject.reasons[0]).toBe("open major incident: Elevated errors on Claude API");
    expect(advice).toBe("failover");
    // The named alternative first among the healthy, then the rest; the disabled and the other capability never.
    expect(alternatives.map((a: { id: string }) => a.id)).toEqual(["azure-openai", "mistral", "cohere", "groq", "openai"]);
    const byId = Object.fromEntries(alternatives.map((a: { id: string }) => [a.id, a]));
    expect(byId["azure-openai"]).toMatchObject({ named: true, healthy: true, score: 100, shares: ["llm-api"] });
    expect(byId["azure-openai"].reasons).toEqual(["operational, no open incident", "no uptime history yet", "named as an alternative"]);
    expect(byId.mistral).toMatchObject({ healthy: true, uptime30d: 100, reasons: ["operational, no open incident", "100 % over 30 days"] });
    expect(byId.cohere).toMatchObject({ healthy: false, suspected: { since: "2026-12-01T10:02:00.000Z", confidence: 0.7 } });
    expect(byId.cohere.reasons[0]).toBe("suspected outage since 10:02 UTC (confidence 0.70)");
    expect(byId.groq).toMatchObject({ healthy: false, source: "unreachable" });
    expect(byId.groq.reasons[0]).toBe("source unreachable since 09:40 UTC");
    expect(byId.openai).toMatchObject({ healthy: false, openIncidents: [{ title: "API errors", impact: "major" }] });
    expect(byId.openai.reasons[0]).toBe("open major incident: API errors");
    for (const a of alternatives.filter((x: { healthy: boolean }) => x.healthy))
      for (const b of alternatives.filter((x: { healthy: boolean }) => !x.healthy)) expect(a.score).toBeGreaterThan(b.score);
  });

  it("a full answer matches what the OpenAPI document promises", async () => {
    const doc = (await api.get("/api/v1/openapi.json")).body;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
      doc.paths["/api/v1/failover"].get.responses["200"].content["application/json"].schema,
    );
    for (const path of ["/api/v1/failover?for=anthropic", "/api/v1/failover?capability=llm-api"]) {
      const res = await api.get(path);
      expect(res.body.data.alternatives.length).toBeGreaterThan(3);
      expect([path, validate(res.body) ? null : validate.errors]).toEqual([path, null]);
    }
  });

  it("a healthy subject stays; a capability lists every provider offering it, without subject or advice", async () => {
    const stay = await api.get("/api/v1/failover?for=mistral&limit=2");
    expect(stay.body.data).toMatchObject({ advice: "stay", subject: { id: "mistral", healthy: true } });
    expect(stay.body.data.alternatives.map((a: { id: string }) => a.id)).toEqual(["azure-openai", "cohere"]);

    const cap = await api.get("/api/v1/failover?capability=embeddings");
    expect(cap.body.data).toMatchObject({ capability: "embeddings", subject: null, advice: null });
    expect(cap.body.data.alternatives.map((a: { id: string }) => a.id)).toEqual(["openai"]);
    const all = await api.get("/api/v1/failover?capability=llm-api&limit=100");
    // No subject, so nobody is named: among equal scores the longer clean history first.
    expect(all.body.data.alternatives.map((a: { id: string }) => a.id)).toEqual(["mistral", "azure-openai", "cohere", "groq", "anthropic", "openai"]);
  });

  it("answers 404 for an unknown or disabled provider and an unknown capability, 400 for bad questions", async () => {
    for (const path of ["/api/v1/failover?for=nope", "/api/v1/failover?for=old-llm", "/api/v1/failover?capability=teleport"]) {
      const res = await api.get(path);
      expect([path, res.status, res.type]).toEqual([path, 404, expect.stringContaining("application/problem+json")]);
    }
    expect((await api.get("/api/v1/failover?for=nope")).body.detail).toBe("no watched provider nope (unknown, or disabled)");
    for (const path of [
      "/api/v1/failover",
      "/api/v1/failover?for=anthropic&capability=llm-api",
      "/api/v1/failover?capability=LLM%20API",
      "/api/v1/failover?for=anthropic&limit=0",
      "/api/v1/failover?for=anthropic&colour=red",
      "/api/v1/failover?for=",
    ]) {
      const res = await api.get(path);
      expect([path, res.status, res.type]).toEqual([path, 400, expect.stringContaining("application/problem+json")]);
    }
    expect((await api.get("/api/v1/failover")).body["invalid-params"]).toEqual([{ name: "for", reason: "give exactly one of for= and capability=" }]);
  });
});
