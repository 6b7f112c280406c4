import type { Snapshot } from "../../src/domain/snapshot";
import { sanitizeSnapshot } from "../../src/timeline/sanitize";

const at = new Date("2026-06-01T10:00:00Z");

function page(body: string, component: string, url?: string): Snapshot {
  return {
    components: [{ externalId: "c1", name: component, status: "operational" }],
    incidents: [
      {
        externalId: "i1",
        title: "API errors",
        status: "investigating",
        impact: "minor",
        startedAt: at,
        url,
        components: [component],
        updates: [{ externalId: "u1", status: "investigating", body, at, components: [{ name: component, to: "major_outage" }] }],
      },
    ],
    maintenances: [],
  };
}

describe("sanitizeSnapshot", () => {
  it("removes NUL characters at any depth and leaves the page's own objects unchanged", () => {
    const raw = page("We are\u0000 looking", "API\u0000", "https://status.example.com/i1");
    const before = structuredClone(raw);
    const clean = sanitizeSnapshot(raw);
    expect(clean.incidents[0]!.updates[0]!.body).toBe("We are looking");
    expect(clean.incidents[0]!.updates[0]!.components[0]!.name).toBe("API");
    expect(clean.incidents[0]!.components).toEqual(["API"]);
    expect(clean.components[0]!.name).toBe("API");
    expect(clean.incidents[0]!.startedAt).toEqual(at);
    expect(clean.incidents[0]!.url).toBe("https://status.example.com/i1");
    expect(raw).toEqual(before);
  });

  it("keeps clean parts as they are and drops links that are not http(s)", () => {
    const raw = page("All good", "API", "javascript:alert(1)");
    const clean = sanitizeSnapshot(raw);
    expect(clean.components).toBe(raw.components);
    expect(clean.incidents[0]!.updates).toBe(raw.incidents[0]!.updates);
    expect(clean.incidents[0]!.url).toBeUndefined();
  });
});
