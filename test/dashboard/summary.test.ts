import { summarize, type SummaryInput } from "../../src/dashboard/summary";
import { changeInWords } from "../../src/dashboard/changes";
import { formatChangeInWords } from "../../src/dashboard/source-health";

const p = (status: string, sourceHealth: SummaryInput["sourceHealth"] = "ok"): SummaryInput => ({ status, sourceHealth });

describe("the dashboard header's summary", () => {
  it.each<[string, SummaryInput[], number, string, boolean]>([
    ["no providers", [], 0, "No providers are watched yet.", false],
    ["every provider read and operational", [p("operational"), p("operational")], 0, "All 2 watched providers are operational.", true],
    [
      "every source unreachable",
      [p("operational", "unreachable"), p("unknown", "failing")],
      0,
      "2 sources cannot be read. No provider reports a problem, but not every status is known.",
      false,
    ],
    ["not read yet", [p("unknown", "pending")], 0, "1 provider has not been read yet. No provider reports a problem, but not every status is known.", false],
    [
      "a problem and a failing source",
      [p("major_outage"), p("operational", "failing"), p("operational")],
      0,
      "1 of 3 providers report a problem. 1 source cannot be read.",
      false,
    ],
    ["maintenance is not 'operational'", [p("under_maintenance")], 0, "1 provider is under maintenance.", false],
    ["a suspected outage", [p("operational")], 2, "2 suspected outages not yet confirmed by the provider.", false],
  ])("%s", (_name, providers, suspected, text, allOperational) => {
    const s = summarize(providers, suspected);
    expect(s.text).toBe(text);
    expect(s.allOperational).toBe(allOperational);
  });
});

describe("changes in words", () => {
  const base = { providerId: "acme", incidentId: null, maintenanceId: null, title: null, component: null, from: null, to: null };
  it.each([
    [{ ...base, kind: "component_status_changed" as const, component: "API", from: "degraded_performance", to: "operational" }, "API: degraded → operational"],
    [{ ...base, kind: "provider_status_changed" as const, from: "operational", to: "major_outage" }, "Overall: operational → major outage"],
    [{ ...base, kind: "incident_status_changed" as const, title: "Errors", from: "investigating", to: "identified" }, "Errors: investigating → identified"],
    [{ ...base, kind: "incident_resolved" as const, title: "Errors" }, "Resolved: Errors"],
    [{ ...base, kind: "maintenance_started" as const, title: "DB" }, "Maintenance started: DB"],
    [{ ...base, kind: "source_unreachable" as const }, "Its status page cannot be read"],
    [{ ...base, kind: "source_format_changed" as const }, "Its status page changed format: statuswatch no longer reads it as before"],
    [{ ...base, kind: "source_format_recovered" as const }, "Its status page reads as before again"],
  ])("%#", (event, words) => expect(changeInWords(event)).toBe(words));
});

describe("a changed format in words", () => {
  const since = new Date("2026-12-03T06:00:00Z");
  it.each([
    [
      { since, what: "components 14 → 2", suggestion: "statuspage still fits the page (2 components, 0 incidents now)" },
      "The status page changed format since 2026-12-03 06:00 UTC: components 14 → 2. It is read as statuspage. Detection says: statuspage still fits the page (2 components, 0 incidents now).",
    ],
    [
      { since, what: null, suggestion: null },
      "The status page changed format since 2026-12-03 06:00 UTC. It is read as statuspage. Detection could not say which kind fits now.",
    ],
  ])("%#", (f, words) => expect(formatChangeInWords("statuspage", f)).toBe(words));
});
