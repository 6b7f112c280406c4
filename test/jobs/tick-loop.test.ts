import { nextTickDelay, tickLoop } from "../../jobs/tick-loop";

describe("nextTickDelay", () => {
  it.each([
    { period: 1000, at: 10_000, expected: 1000 },
    { period: 1000, at: 10_250, expected: 750 },
    { period: 1000, at: 10_999, expected: 1001 },
    { period: 5000, at: 12_000, expected: 3000 },
    { period: 5000, at: 14_600, expected: 5400 },
  ])("$period ms period at $at: $expected ms", ({ period, at, expected }) => {
    expect(nextTickDelay(period, at)).toBe(expected);
  });
});

describe("tickLoop", () => {
  it("ticks loops started at different moments on the same wall-clock grid", async () => {
    const ticks: number[][] = [[], []];
    const a = tickLoop(
      async () => 1,
      () => void ticks[0]!.push(Date.now()),
      1,
    );
    await new Promise((r) => setTimeout(r, 370));
    const b = tickLoop(
      async () => 1,
      () => void ticks[1]!.push(Date.now()),
      1,
    );
    await new Promise((r) => setTimeout(r, 2600));
    await Promise.all([a.stop(), b.stop()]);
    // The first tick of each is at its start; every later one on a whole second.
    for (const t of ticks) {
      expect(t.length).toBeGreaterThanOrEqual(3);
      for (const at of t.slice(1)) expect(at % 1000).toBeLessThan(150);
    }
    expect(ticks[1]![0]! - ticks[0]![0]!).toBeGreaterThanOrEqual(300);
  });
});
