import { componentUptime } from "../../src/uptime/compute";

const at = (iso: string) => new Date(iso);
const from = at("2026-11-01T00:00:00Z");
const to = at("2026-11-03T00:00:00Z");

describe("componentUptime", () => {
  it("is 100 % for a component operational all along, with one row per UTC day", () => {
    const u = componentUptime([{ toStatus: "operational", at: at("2026-10-01T00:00:00Z") }], from, to);
    expect(u).toMatchObject({ uptimePercent: 100, downtimeSeconds: 0, observedSeconds: 2 * 86_400 });
    expect(u.daily.map((d) => [d.date, d.uptimePercent])).toEqual([
      ["2026-11-01", 100],
      ["2026-11-02", 100],
    ]);
  });

  it("counts a major outage fully and a partial outage at 30 %, on the days they happened", () => {
    const u = componentUptime(
      [
        { toStatus: "operational", at: at("2026-10-01T00:00:00Z") },
        { toStatus: "major_outage", at: at("2026-11-02T10:00:00Z") },
        { toStatus: "partial_outage", at: at("2026-11-02T11:00:00Z") },
        { toStatus: "degraded_performance", at: at("2026-11-02T13:00:00Z") },
        { toStatus: "operational", at: at("2026-11-02T14:00:00Z") },
      ],
      from,
      to,
    );
    // 1 h down plus 2 h at 30 % = 1.6 h of 48 h.
    expect(u.downtimeSeconds).toBe(5760);
    expect(u.uptimePercent).toBeCloseTo(100 * (1 - 1.6 / 48), 3);
    expect(u.daily[0]!.uptimePercent).toBe(100);
    expect(u.daily[1]!.uptimePercent).toBeCloseTo(100 * (1 - 1.6 / 24), 3);
  });

  it("carries the status in force when the window opens", () => {
    const u = componentUptime(
      [
        { toStatus: "major_outage", at: at("2026-10-31T18:00:00Z") },
        { toStatus: "operational", at: at("2026-11-01T06:00:00Z") },
      ],
      from,
      to,
    );
    expect(u.downtimeSeconds).toBe(6 * 3600);
    expect(u.daily[0]!.uptimePercent).toBe(75);
  });

  it("leaves time before statuswatch first saw the component out, and says null for a day it never saw", () => {
    const u = componentUptime(
      [
        { toStatus: "major_outage", at: at("2026-11-02T00:00:00Z") },
        { toStatus: "operational", at: at("2026-11-02T12:00:00Z") },
      ],
      from,
      to,
    );
    expect(u.observedSeconds).toBe(86_400);
    expect(u.uptimePercent).toBe(50);
    expect(u.daily.map((d) => d.uptimePercent)).toEqual([null, 50]);
    expect(componentUptime([], from, to).uptimePercent).toBeNull();
  });
});
