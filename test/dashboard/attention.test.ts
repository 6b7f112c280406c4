import { type AttentionInput, attentionOf, splitByAttention } from "../../src/dashboard/attention";

const calm = { components: [], componentsLast24h: false, incidentOpen: false, incidentLast24h: false };
const p = (over: Partial<Omit<AttentionInput, "trouble">> & { trouble?: Partial<AttentionInput["trouble"]> } = {}): AttentionInput => ({
  name: "P",
  status: "operational",
  sourceHealth: "ok",
  formatChange: null,
  suspected: false,
  ...over,
  trouble: { ...calm, ...over.trouble },
});

describe("which providers / draws in full", () => {
  it.each<[string, AttentionInput, { rank: number; reasons: string[] } | null]>([
    ["operational, read, quiet all day", p(), null],
    ["major outage", p({ status: "major_outage" }), { rank: 0, reasons: [] }],
    ["partial outage", p({ status: "partial_outage" }), { rank: 1, reasons: [] }],
    ["degraded", p({ status: "degraded_performance" }), { rank: 2, reasons: [] }],
    ["under maintenance", p({ status: "under_maintenance" }), { rank: 4, reasons: [] }],
    ["status unknown", p({ status: "unknown" }), { rank: 5, reasons: [] }],
    ["not polled yet", p({ sourceHealth: "pending" }), { rank: 5, reasons: [] }],
    ["source unreachable", p({ sourceHealth: "unreachable" }), { rank: 3, reasons: [] }],
    ["source failing", p({ sourceHealth: "failing" }), { rank: 3, reasons: [] }],
    ["format changed", p({ formatChange: { what: "components gone" } }), { rank: 3, reasons: [] }],
    ["suspected outage", p({ suspected: true }), { rank: 0, reasons: ["suspected outage, not yet acknowledged by its page"] }],
    ["open incident, page says operational", p({ trouble: { incidentOpen: true, incidentLast24h: true } }), { rank: 2, reasons: ["open incident"] }],
    [
      "a degraded component, page says operational",
      p({ trouble: { components: ["API"], componentsLast24h: true } }),
      { rank: 2, reasons: ["component not operational: API"] },
    ],
    [
      "many components",
      p({ status: "partial_outage", trouble: { components: ["A", "B", "C", "D", "E", "F"] } }),
      { rank: 1, reasons: ["components not operational: A, B, C, D and 2 more"] },
    ],
    ["an incident resolved in the last 24 h", p({ trouble: { incidentLast24h: true } }), { rank: 6, reasons: ["an incident in the last 24 h, resolved"] }],
    ["recovered within 24 h", p({ trouble: { componentsLast24h: true } }), { rank: 6, reasons: ["degraded or worse in the last 24 h, recovered"] }],
    [
      "unreachable and recovered from an outage",
      p({ sourceHealth: "unreachable", trouble: { componentsLast24h: true } }),
      { rank: 3, reasons: ["degraded or worse in the last 24 h, recovered"] },
    ],
  ])("%s", (_name, input, expected) => {
    expect(attentionOf(input)).toEqual(expected);
  });

  it("puts the worst first, then by name, and keeps the healthy ones in their order", () => {
    const list = [
      p({ name: "Zeta" }),
      p({ name: "Recovered", trouble: { componentsLast24h: true } }),
      p({ name: "Alpha" }),
      p({ name: "Down", status: "major_outage" }),
      p({ name: "Broken source", sourceHealth: "unreachable" }),
      p({ name: "Bumpy", status: "degraded_performance" }),
      p({ name: "Also down", status: "major_outage" }),
    ];
    const { attention, healthy } = splitByAttention(list);
    expect(attention.map((x) => x.name)).toEqual(["Also down", "Down", "Bumpy", "Broken source", "Recovered"]);
    expect(healthy.map((x) => x.name)).toEqual(["Zeta", "Alpha"]);
  });
});
