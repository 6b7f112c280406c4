import { componentStatusWord, incidentStatusWord, maintenanceStatusWord } from "../../src/sources/parse/status-words";

describe("status words of the hosted products", () => {
  it.each([
    // Better Stack resources and reports
    ["operational", "operational"],
    ["degraded", "degraded_performance"],
    ["downtime", "major_outage"],
    ["maintenance", "under_maintenance"],
    // status.io's status texts (its codes are mapped in the kind itself)
    ["Partial Service Disruption", "partial_outage"],
    ["Planned Maintenance", "under_maintenance"],
    ["Degraded Performance", "degraded_performance"],
    // Cachet's status_name
    ["Performance Issues", "degraded_performance"],
    ["Major Outage", "major_outage"],
    // OpenStatus words that are also Statuspage's
    ["partial_outage", "partial_outage"],
    ["under_maintenance", "under_maintenance"],
  ])("component %s → %s", (raw, expected) => {
    expect(componentStatusWord(raw)).toBe(expected);
  });

  it.each([
    ["Watching", "monitoring"],
    ["Fixed", "resolved"],
    ["Identified", "identified"],
    ["Update", undefined],
  ])("incident %s → %s", (raw, expected) => {
    expect(incidentStatusWord(raw)).toBe(expected);
  });

  it("does not read a component word as a maintenance state", () => {
    expect(maintenanceStatusWord("downtime")).toBeUndefined();
  });
});
