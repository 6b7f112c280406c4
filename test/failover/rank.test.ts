import { indexSnapshot, answerFailover } from "../../src/failover/answer";
import { advise, assess, type OpenIncident, type ProviderHealth, rankAlternatives } from "../../src/failover/rank";

const T = new Date("2026-12-01T10:02:00Z");

function p(id: string, over: Partial<ProviderHealth> = {}): ProviderHealth {
  return {
    id,
    name: id.toUpperCase(),
    capabilities: ["llm-api"],
    alternatives: [],
    status: "operational",
    source: "ok",
    unreachableSince: null,
    openIncidents: [],
    suspected: null,
    uptime30d: 99.98,
    ...over,
  };
}

let nextIncident = 1;
function inc(impact: OpenIncident["impact"], title = "API errors"): OpenIncident {
  return { id: nextIncident++, title, impact, status: "investigating", startedAt: T };
}

describe("assess: a provider's health in a score and words", () => {
  const cases: Array<[string, Partial<ProviderHealth>, { healthy: boolean; score: number; reasons: string[] }]> = [
    ["healthy, 99.98 %", {}, { healthy: true, score: 100, reasons: ["operational, no open incident", "99.98 % over 30 days"] }],
    ["healthy, no history", { uptime30d: null }, { healthy: true, score: 100, reasons: ["operational, no open incident", "no uptime history yet"] }],
    ["healthy, 99 % costs 5", { uptime30d: 99 }, { healthy: true, score: 95, reasons: ["operational, no open incident", "99.00 % over 30 days"] }],
    ["uptime penalty is capped at 10", { uptime30d: 50 }, { healthy: true, score: 90, reasons: ["operational, no open incident", "50.00 % over 30 days"] }],
    [
      "open major incident",
      { openIncidents: [inc("major")], status: "partial_outage", uptime30d: 100 },
      { healthy: false, score: 35, reasons: ["open major incident: API errors", "status page says partial outage", "100 % over 30 days"] },
    ],
    [
      "open critical incident",
      { openIncidents: [inc("critical", "Everything down")], uptime30d: 100 },
      { healthy: false, score: 30, reasons: ["open critical incident: Everything down", "100 % over 30 days"] },
    ],
    [
      "open minor incident is still healthy",
      { openIncidents: [inc("minor", "Slow dashboard")], status: "degraded_performance", uptime30d: 100 },
      { healthy: true, score: 75, reasons: ["open minor incident: Slow dashboard", "status page says degraded performance", "100 % over 30 days"] },
    ],
    [
      "suspected outage",
      { suspected: { since: T, confidence: 0.72 }, uptime30d: 100 },
      { healthy: false, score: 50, reasons: ["suspected outage since 10:02 UTC (confidence 0.72)", "100 % over 30 days"] },
    ],
    [
      "source unreachable",
      { source: "unreachable", unreachableSince: new Date("2026-12-01T09:40:00Z"), uptime30d: 100 },
      { healthy: false, score: 50, reasons: ["source unreachable since 09:40 UTC", "100 % over 30 days"] },
    ],
    [
      "a failing source below the threshold is still trusted",
      { source: "failing", uptime30d: 100 },
      { healthy: true, score: 100, reasons: ["operational, no open incident", "100 % over 30 days"] },
    ],
    [
      "never read",
      { source: "pending", status: null, uptime30d: null },
      { healthy: false, score: 50, reasons: ["status page not read yet", "no uptime history yet"] },
    ],
    [
      "status major outage without incident",
      { status: "major_outage", uptime30d: 100 },
      { healthy: false, score: 40, reasons: ["status page says major outage", "100 % over 30 days"] },
    ],
    ["maintenance", { status: "under_maintenance", uptime30d: 100 }, { healthy: true, score: 90, reasons: ["under maintenance", "100 % over 30 days"] }],
  ];
  it.each(cases)("%s", (_name, over, expected) => {
    expect(assess(p("x", over))).toEqual(expected);
  });

  it("every healthy provider scores above every unhealthy one", () => {
    const worstHealthy = assess(p("h", { openIncidents: [inc("minor")], status: "degraded_performance", uptime30d: 0 }));
    const bestUnhealthy = assess(p("u", { source: "unreachable", uptime30d: 100 }));
    expect(worstHealthy.healthy).toBe(true);
    expect(bestUnhealthy.healthy).toBe(false);
    expect(worstHealthy.score).toBeGreaterThan(bestUnhealthy.score);
  });
});

describe("rankAlternatives and advise", () => {
  const rank = (list: ProviderHealth[], named: string[] = []) =>
    rankAlternatives(
      list.map((provider) => ({ provider, shares: ["llm-api"] })),
      named,
    );
  const ids = (r: ReturnType<typeof rank>) => r.map((x) => x.provider.id);

  const cases: Array<[string, ProviderHealth[], string[], string[]]> = [
    [
      "a major incident ranks below healthy ones",
      [p("broken", { openIncidents: [inc("major")], uptime30d: 100 }), p("ok1"), p("ok2")],
      [],
      ["ok1", "ok2", "broken"],
    ],
    ["suspected below healthy", [p("sus", { suspected: { since: T, confidence: 0.6 } }), p("ok", { uptime30d: 98 })], [], ["ok", "sus"]],
    ["unreachable below healthy", [p("dark", { source: "unreachable" }), p("ok", { uptime30d: 97 })], [], ["ok", "dark"]],
    ["critical below major", [p("crit", { openIncidents: [inc("critical")] }), p("maj", { openIncidents: [inc("major")] })], [], ["maj", "crit"]],
    ["higher uptime first when the score differs", [p("a", { uptime30d: 99 }), p("b", { uptime30d: 99.99 })], [], ["b", "a"]],
    ["among equal scores a named alternative first", [p("a"), p("b"), p("c")], ["c"], ["c", "a", "b"]],
    ["named ones in the order named", [p("a"), p("b"), p("c")], ["c", "b"], ["c", "b", "a"]],
    ["a named but broken one does not jump a healthy one", [p("a"), p("named", { openIncidents: [inc("major")] })], ["named"], ["a", "named"]],
    [
      "equal scores, no names: higher uptime, then id",
      [p("b", { uptime30d: 99.95 }), p("a", { uptime30d: 99.95 }), p("c", { uptime30d: 99.99 })],
      [],
      ["c", "a", "b"],
    ],
  ];
  it.each(cases)("%s", (_name, list, named, expected) => {
    expect(ids(rank(list, named))).toEqual(expected);
  });

  it("says why a named one ranks where it does", () => {
    expect(rank([p("a")], ["a"])[0]!.assessment.reasons).toContain("named as an alternative");
  });

  const adviceCases: Array<[string, Partial<ProviderHealth>, ProviderHealth[], "stay" | "failover"]> = [
    ["healthy subject stays", {}, [p("ok")], "stay"],
    ["broken subject with a healthy alternative fails over", { openIncidents: [inc("major")] }, [p("ok")], "failover"],
    ["suspected subject fails over", { suspected: { since: T, confidence: 0.9 } }, [p("ok")], "failover"],
    ["unreachable subject fails over", { source: "unreachable" }, [p("ok")], "failover"],
    ["broken subject, only broken alternatives: stay", { openIncidents: [inc("major")] }, [p("b", { openIncidents: [inc("minor"), inc("major")] })], "stay"],
    ["broken subject, no alternative: stay", { openIncidents: [inc("critical")] }, [], "stay"],
    ["minor incident on the subject: stay", { openIncidents: [inc("minor")] }, [p("ok")], "stay"],
  ];
  it.each(adviceCases)("%s", (_name, subject, alternatives, expected) => {
    expect(advise(assess(p("s", subject)), rank(alternatives))).toBe(expected);
  });
});

describe("answerFailover: who counts as an alternative", () => {
  const snap = indexSnapshot(
    [
      p("anthropic", { capabilities: ["llm-api"], alternatives: ["azure-openai", "self-hosted"], openIncidents: [inc("major", "Elevated errors on Claude")] }),
      p("openai", { capabilities: ["llm-api", "embeddings"] }),
      p("azure-openai", { capabilities: ["llm-api"] }),
      p("mistral", { capabilities: ["llm-api"], suspected: { since: T, confidence: 0.7 } }),
      p("self-hosted", { capabilities: ["gpu"] }),
      p("s3", { capabilities: ["object-storage"] }),
    ],
    T,
    T,
  );

  it("ranks providers sharing a capability plus the named ones, never the subject, and advises", () => {
    const a = answerFailover(snap, { for: "anthropic", limit: 20 });
    if (!a.found) throw new Error("expected an answer");
    expect(a.body.subject).toMatchObject({ id: "anthropic", healthy: false, openIncidents: [{ title: "Elevated errors on Claude", impact: "major" }] });
    expect(a.body.advice).toBe("failover");
    expect(a.body.alternatives.map((x) => [x.id, x.named, x.shares])).toEqual([
      ["azure-openai", true, ["llm-api"]],
      ["self-hosted", true, []],
      ["openai", false, ["llm-api"]],
      ["mistral", false, ["llm-api"]],
    ]);
    expect(a.body.alternatives[3]!.reasons[0]).toBe("suspected outage since 10:02 UTC (confidence 0.70)");
  });

  it("by capability: every provider offering it, no subject, no advice; limit cuts the list", () => {
    const a = answerFailover(snap, { capability: "llm-api", limit: 2 });
    if (!a.found) throw new Error("expected an answer");
    expect([a.body.subject, a.body.advice, a.body.capability]).toEqual([null, null, "llm-api"]);
    expect(a.body.alternatives.map((x) => x.id)).toEqual(["azure-openai", "openai"]);
  });

  it("unknown provider or capability is not found", () => {
    expect(answerFailover(snap, { for: "nope", limit: 5 })).toEqual({ found: false, detail: "no watched provider nope (unknown, or disabled)" });
    expect(answerFailover(snap, { capability: "teleport", limit: 5 }).found).toBe(false);
  });
});
