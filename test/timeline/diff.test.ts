import type { Snapshot, SnapshotIncident, SnapshotIncidentUpdate } from "../../src/domain/snapshot";
import type { IncidentStatus } from "../../src/domain/status";
import { changesTimeline, diffSnapshot, isEmptyDiff } from "../../src/timeline/diff";
import type { StoredIncident, StoredState } from "../../src/timeline/types";

const T = (m: number) => new Date(Date.UTC(2026, 0, 1, 12, m));
const NOW = T(59);

function update(id: string, status: IncidentStatus, minute: number, label?: string): SnapshotIncidentUpdate {
  return { externalId: id, status, label, body: `${status} body`, at: T(minute), components: [] };
}

function incident(status: IncidentStatus, updates: SnapshotIncidentUpdate[], extra: Partial<SnapshotIncident> = {}): SnapshotIncident {
  return { externalId: "inc1", title: "API errors", status, impact: "major", startedAt: T(0), components: [], updates, ...extra };
}

function snapshot(incidents: SnapshotIncident[], extra: Partial<Snapshot> = {}): Snapshot {
  return { components: [], incidents, maintenances: [], ...extra };
}

function stored(extra: Partial<StoredState> = {}): StoredState {
  return { providerId: "p", synced: true, components: new Map(), incidents: new Map(), maintenances: new Map(), ...extra };
}

function storedIncident(status: IncidentStatus, updateIds: string[]): StoredIncident {
  return {
    id: 7,
    title: "API errors",
    status,
    impact: "major",
    url: null,
    startedAt: T(0),
    identifiedAt: null,
    monitoringAt: null,
    resolvedAt: null,
    providerUpdatedAt: null,
    components: [],
    updateIds: new Set(updateIds),
    latestUpdateAt: null,
  };
}

const kinds = (d: ReturnType<typeof diffSnapshot>) => d.transitions.map((t) => `${t.kind}:${t.from ?? ""}>${t.to ?? ""}`);

describe("diffSnapshot", () => {
  it.each([
    {
      name: "a new incident opens at its first update's status and walks through later updates in time order",
      before: stored(),
      snap: snapshot([incident("monitoring", [update("u3", "monitoring", 30), update("u1", "investigating", 0), update("u2", "identified", 10)])]),
      expected: [
        "incident_opened:>investigating",
        "incident_update_posted:>investigating",
        "incident_update_posted:>identified",
        "incident_status_changed:investigating>identified",
        "incident_update_posted:>monitoring",
        "incident_status_changed:identified>monitoring",
      ],
    },
    {
      name: "only updates not seen before produce events; resolving is its own kind",
      before: stored({ incidents: new Map([["inc1", storedIncident("identified", ["u1", "u2"])]]) }),
      snap: snapshot([incident("resolved", [update("u1", "investigating", 0), update("u2", "identified", 10), update("u4", "resolved", 40)])]),
      expected: ["incident_update_posted:>resolved", "incident_resolved:identified>resolved"],
    },
    {
      name: "an 'Update' label keeps the status and so is no transition",
      before: stored({ incidents: new Map([["inc1", storedIncident("identified", ["u1"])]]) }),
      snap: snapshot([incident("identified", [update("u1", "identified", 0), update("u2", "identified", 5, "update")])]),
      expected: ["incident_update_posted:>identified"],
    },
    {
      name: "a reopened incident goes back from resolved",
      before: stored({ incidents: new Map([["inc1", { ...storedIncident("resolved", ["u1"]), resolvedAt: T(10) }]]) }),
      snap: snapshot([incident("investigating", [update("u1", "resolved", 10), update("u2", "investigating", 20)])]),
      expected: ["incident_update_posted:>investigating", "incident_status_changed:resolved>investigating"],
    },
    {
      name: "a status changed without an update is still a transition",
      before: stored({ incidents: new Map([["inc1", storedIncident("investigating", ["u1"])]]) }),
      snap: snapshot([incident("monitoring", [update("u1", "investigating", 0)], { updatedAt: T(33) })]),
      expected: ["incident_status_changed:investigating>monitoring"],
    },
    {
      name: "components: a change is an event; a new operational component is not",
      before: stored({ components: new Map([["c1", { id: 1, name: "API", groupName: null, status: "operational" as const, updatedAt: T(0) }]]) }),
      snap: snapshot([], {
        components: [
          { externalId: "c1", name: "API", status: "partial_outage", updatedAt: T(5) },
          { externalId: "c2", name: "Console", status: "operational" },
        ],
      }),
      expected: ["component_status_changed:operational>partial_outage"],
    },
    {
      name: "the page's overall status",
      before: stored({ providerStatus: "operational" }),
      snap: snapshot([], { status: "major_outage" }),
      expected: ["provider_status_changed:operational>major_outage"],
    },
  ])("$name", ({ before, snap, expected }) => {
    expect(kinds(diffSnapshot(before, snap, NOW))).toEqual(expected);
  });

  it("is empty when nothing changed, and leaves incidents missing from the payload alone", () => {
    const before = stored({
      providerStatus: "operational",
      incidents: new Map([["inc1", { ...storedIncident("identified", ["u1"]), providerUpdatedAt: null }]]),
      components: new Map([["c1", { id: 1, name: "API", groupName: null, status: "operational" as const, updatedAt: T(0) }]]),
    });
    const same = snapshot([incident("identified", [update("u1", "identified", 0)], { identifiedAt: undefined })], {
      status: "operational",
      components: [{ externalId: "c1", name: "API", status: "operational" }],
    });
    expect(isEmptyDiff(diffSnapshot(before, same, NOW))).toBe(true);
    const without = snapshot([], { status: "operational", components: [{ externalId: "c1", name: "API", status: "operational" }] });
    const d = diffSnapshot(before, without, NOW);
    expect(isEmptyDiff(d)).toBe(true);
  });

  it("flags a provider's first sync as backfill and sets resolvedAt from the page", () => {
    const d = diffSnapshot(
      stored({ synced: false }),
      snapshot([incident("resolved", [update("u1", "investigating", 0), update("u2", "resolved", 50)], { resolvedAt: T(50) })]),
      NOW,
    );
    expect(d.backfill).toBe(true);
    expect(d.incidents[0]?.row.resolvedAt).toEqual(T(50));
    expect(kinds(d)).toContain("incident_resolved:investigating>resolved");
  });

  it("stores a first sync's old updates with the incident without an event for each, and reports later ones", () => {
    const posted = [update("u1", "investigating", 0), update("u2", "identified", 10)];
    const first = diffSnapshot(stored({ synced: false }), snapshot([incident("identified", posted)]), NOW);
    expect(kinds(first)).toEqual(["incident_opened:>investigating", "incident_status_changed:investigating>identified"]);
    expect(first.incidents[0]!.newUpdates.map((u) => u.externalId)).toEqual(["u1", "u2"]);
    const later = diffSnapshot(
      stored({ incidents: new Map([["inc1", storedIncident("identified", ["u1", "u2"])]]) }),
      snapshot([incident("identified", [...posted, update("u3", "identified", 20)])]),
      NOW,
    );
    expect(kinds(later)).toEqual(["incident_update_posted:>identified"]);
  });

  it("never moves a stored incident's start later when a page drops its early updates", () => {
    const before = stored({ incidents: new Map([["inc1", storedIncident("identified", ["u1", "u2"])]]) });
    const trimmed = incident("identified", [update("u2", "identified", 10), update("u3", "identified", 20)], { startedAt: T(10) });
    expect(diffSnapshot(before, snapshot([trimmed]), NOW).incidents[0]!.row.startedAt).toEqual(T(0));
    const earlier = incident("identified", [update("u1", "identified", 0)], { startedAt: new Date(T(0).getTime() - 60_000) });
    expect(diffSnapshot(before, snapshot([earlier]), NOW).incidents[0]!.row.startedAt).toEqual(new Date(T(0).getTime() - 60_000));
  });

  it("gives every transition a distinct dedupe key", () => {
    const d = diffSnapshot(
      stored(),
      snapshot([
        incident("resolved", [
          update("a", "investigating", 0),
          update("b", "monitoring", 10),
          update("c", "investigating", 20),
          update("d", "monitoring", 30),
          update("e", "resolved", 40),
        ]),
      ]),
      NOW,
    );
    const keys = d.transitions.map((t) => t.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(kinds(d).filter((k) => k === "incident_status_changed:investigating>monitoring")).toHaveLength(2);
  });

  describe("components a source derives from its events", () => {
    const before = stored({
      components: new Map([
        ["c1", { id: 1, name: "Compute", groupName: "Cloud", status: "major_outage" as const, updatedAt: T(0) }],
        ["c2", { id: 2, name: "Storage", groupName: null, status: "operational" as const, updatedAt: T(0) }],
      ]),
    });

    it("are operational again when an exhaustive snapshot no longer lists them", () => {
      const d = diffSnapshot(before, snapshot([], { components: [], componentsExhaustive: true }), NOW);
      expect(kinds(d)).toEqual(["component_status_changed:major_outage>operational"]);
      expect(d.components).toHaveLength(1);
      expect(d.components[0]!.snapshot).toEqual({ externalId: "c1", name: "Compute", group: "Cloud", status: "operational" });
      expect(d.transitions[0]!.at).toEqual(NOW);
    });

    it("are left alone when the snapshot does not claim to list every component", () => {
      expect(isEmptyDiff(diffSnapshot(before, snapshot([], { components: [] }), NOW))).toBe(true);
    });

    it("keep what an exhaustive snapshot says about the ones it lists", () => {
      const d = diffSnapshot(
        before,
        snapshot([], { components: [{ externalId: "c1", name: "Compute", group: "Cloud", status: "partial_outage" }], componentsExhaustive: true }),
        NOW,
      );
      expect(kinds(d)).toEqual(["component_status_changed:major_outage>partial_outage"]);
    });
  });
});

describe("a stale copy of a page", () => {
  // Stored: the incident reached identified at minute 10 (page time 10), API has been down since minute 10.
  const current = () =>
    stored({
      providerStatus: "partial_outage",
      pageUpdatedAt: T(10),
      components: new Map([["c1", { id: 1, name: "API", groupName: null, status: "partial_outage" as const, updatedAt: T(10) }]]),
      incidents: new Map([["inc1", { ...storedIncident("identified", ["u1", "u2"]), providerUpdatedAt: T(10), latestUpdateAt: T(10) }]]),
      maintenances: new Map([
        [
          "m1",
          {
            id: 3,
            title: "DB upgrade",
            status: "in_progress" as const,
            impact: "minor" as const,
            url: null,
            scheduledFor: T(0),
            scheduledUntil: T(30),
            startedAt: T(5),
            completedAt: null,
            providerUpdatedAt: T(5),
            components: [],
            updateIds: new Set(["mu1", "mu2"]),
            latestUpdateAt: T(5),
          },
        ],
      ]),
    });
  const maintenance = (status: "scheduled" | "in_progress", updatedAt: Date | undefined, updates: [string, "scheduled" | "in_progress", number][]) => ({
    externalId: "m1",
    title: "DB upgrade",
    status,
    impact: "minor" as const,
    scheduledFor: T(0),
    scheduledUntil: T(30),
    updatedAt,
    components: [],
    updates: updates.map(([id, s, m]) => ({ externalId: id, status: s, body: s, at: T(m) })),
  });

  it.each([
    {
      name: "an incident with an older updated_at does not go back to investigating",
      snap: snapshot([incident("investigating", [update("u1", "investigating", 0)], { updatedAt: T(0) })]),
    },
    {
      name: "an incident without updated_at is judged by its newest update",
      snap: snapshot([incident("investigating", [update("u1", "investigating", 0)])]),
    },
    {
      name: "a component with an older updated_at keeps its stored status",
      snap: snapshot([], { components: [{ externalId: "c1", name: "API", status: "degraded_performance", updatedAt: T(5) }] }),
    },
    {
      name: "a component without a time, on a page older than the stored one, is left alone, and so is the page's status",
      snap: snapshot([], { updatedAt: T(5), status: "degraded_performance", components: [{ externalId: "c1", name: "API", status: "degraded_performance" }] }),
    },
    {
      name: "an older page does not recover components by their absence",
      snap: snapshot([], { updatedAt: T(5), components: [], componentsExhaustive: true }),
    },
    {
      name: "a maintenance with an older updated_at does not go back to scheduled",
      snap: snapshot([], { maintenances: [maintenance("scheduled", T(0), [["mu1", "scheduled", 0]])] }),
    },
    {
      name: "a maintenance without updated_at is judged by its newest update",
      snap: snapshot([], { maintenances: [maintenance("scheduled", undefined, [["mu1", "scheduled", 0]])] }),
    },
  ])("$name: nothing to write, no event", ({ snap }) => {
    const d = diffSnapshot(current(), snap, NOW);
    expect(d.transitions).toEqual([]);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.pageUpdatedAt).toBeUndefined();
  });

  it.each([
    {
      name: "a newer incident copy moves forward",
      snap: snapshot([
        incident("monitoring", [update("u1", "investigating", 0), update("u2", "identified", 10), update("u3", "monitoring", 20)], { updatedAt: T(20) }),
      ]),
      expected: ["incident_update_posted:>monitoring", "incident_status_changed:identified>monitoring"],
    },
    {
      name: "an incident copy as old as the stored one may still change (a status set without an update)",
      snap: snapshot([incident("monitoring", [update("u1", "investigating", 0), update("u2", "identified", 10)])]),
      expected: ["incident_status_changed:identified>monitoring"],
    },
    {
      name: "an update newer than any stored is news, even in a copy with an older updated_at",
      snap: snapshot([
        incident("monitoring", [update("u1", "investigating", 0), update("u2", "identified", 10), update("u3", "monitoring", 20)], { updatedAt: T(5) }),
      ]),
      expected: ["incident_update_posted:>monitoring", "incident_status_changed:identified>monitoring"],
    },
    {
      name: "a provider that deleted its latest update but says the incident is newer is believed",
      snap: snapshot([incident("investigating", [update("u1", "investigating", 0)], { updatedAt: T(15) })]),
      expected: ["incident_status_changed:identified>investigating"],
    },
    {
      name: "a component with a newer updated_at changes, even on a page that states no time",
      snap: snapshot([], { components: [{ externalId: "c1", name: "API", status: "operational", updatedAt: T(20) }] }),
      expected: ["component_status_changed:partial_outage>operational"],
    },
    {
      name: "a newer page changes the page's status and its components without times",
      snap: snapshot([], { updatedAt: T(20), status: "operational", components: [{ externalId: "c1", name: "API", status: "operational" }] }),
      expected: ["provider_status_changed:partial_outage>operational", "component_status_changed:partial_outage>operational"],
    },
  ])("$name", ({ snap, expected }) => {
    expect(kinds(diffSnapshot(current(), snap, NOW))).toEqual(expected);
  });

  it("keeps the newest page time and never an older one", () => {
    expect(diffSnapshot(current(), snapshot([], { updatedAt: T(20) }), NOW).pageUpdatedAt).toEqual(T(20));
    expect(diffSnapshot(current(), snapshot([], { updatedAt: T(10) }), NOW).pageUpdatedAt).toBeUndefined();
    expect(diffSnapshot(stored(), snapshot([], { updatedAt: T(3) }), NOW).pageUpdatedAt).toEqual(T(3));
  });
});

describe("the order of one poll's transitions", () => {
  it.each([
    {
      name: "after a gap: by when each happened, whatever part of the page it comes from",
      snap: snapshot([incident("identified", [update("u1", "investigating", 0), update("u2", "identified", 10)])], {
        updatedAt: T(20),
        status: "partial_outage",
        components: [
          { externalId: "web", name: "Web", status: "degraded_performance", updatedAt: T(15) },
          { externalId: "api", name: "API", status: "partial_outage", updatedAt: T(5) },
        ],
      }),
      expected: [
        "incident_opened:>investigating",
        "incident_update_posted:>investigating",
        "component_status_changed:operational>partial_outage",
        "incident_update_posted:>identified",
        "incident_status_changed:investigating>identified",
        "component_status_changed:operational>degraded_performance",
        "provider_status_changed:operational>partial_outage",
      ],
    },
    {
      name: "at the same moment, the incident before the components it names",
      snap: snapshot([incident("investigating", [update("u1", "investigating", 5)], { components: ["API"] })], {
        components: [{ externalId: "api", name: "API", status: "partial_outage", updatedAt: T(5) }],
      }),
      expected: ["incident_opened:>investigating", "incident_update_posted:>investigating", "component_status_changed:operational>partial_outage"],
    },
    {
      name: "an incident keeps its own sequence when its status time precedes its updates",
      snap: snapshot([incident("monitoring", [update("u1", "investigating", 0), update("u2", "identified", 30)], { updatedAt: T(20) })], {
        components: [{ externalId: "api", name: "API", status: "partial_outage", updatedAt: T(25) }],
      }),
      expected: [
        "incident_opened:>investigating",
        "incident_update_posted:>investigating",
        "component_status_changed:operational>partial_outage",
        "incident_update_posted:>identified",
        "incident_status_changed:investigating>identified",
        "incident_status_changed:identified>monitoring",
      ],
    },
  ])("$name", ({ snap, expected }) => {
    const before = stored({
      providerStatus: "operational",
      components: new Map([
        ["web", { id: 1, name: "Web", groupName: null, status: "operational" as const, updatedAt: T(0) }],
        ["api", { id: 2, name: "API", groupName: null, status: "operational" as const, updatedAt: T(0) }],
      ]),
    });
    expect(kinds(diffSnapshot(before, snap, NOW))).toEqual(expected);
  });
});

describe("changesTimeline", () => {
  const before = () =>
    stored({ incidents: new Map([["inc1", { ...storedIncident("resolved", ["u1"]), resolvedAt: T(10), providerUpdatedAt: T(10), latestUpdateAt: T(10) }]]) });
  const resolved = (updatedAt: Date, extra: Partial<SnapshotIncident> = {}) =>
    snapshot([incident("resolved", [update("u1", "resolved", 10)], { updatedAt, resolvedAt: T(10), ...extra })]);

  it("is false when only the page's own time of an incident moved, though that time is kept", () => {
    const d = diffSnapshot(before(), resolved(T(40)), NOW);
    expect(isEmptyDiff(d)).toBe(false);
    expect(d.incidents[0]!.row.providerUpdatedAt).toEqual(T(40));
    expect(changesTimeline(d)).toBe(false);
  });

  it("is true when the incident itself changed, even without an event", () => {
    expect(changesTimeline(diffSnapshot(before(), resolved(T(40), { title: "API errors (EU)" }), NOW))).toBe(true);
  });
});
