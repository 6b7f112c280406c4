import { parseRetryAfter, retryDelayMs } from "../../src/net/backoff";

describe("retryDelayMs", () => {
  it.each([
    // attempt, base, max, random → delay: equal jitter between half the ceiling and the ceiling
    [1, 500, 30_000, 0, 250],
    [1, 500, 30_000, 1, 500],
    [2, 500, 30_000, 1, 1000],
    [4, 500, 30_000, 0.5, 3000],
    [20, 500, 30_000, 1, 30_000],
    [20, 500, 30_000, 0, 15_000],
  ])("attempt %i from %i ms, capped at %i, random %f → %i ms", (attempt, base, max, r, expected) => {
    expect(retryDelayMs(attempt, base, max, undefined, { random: () => r })).toBe(expected);
  });

  it("waits what Retry-After asks, in seconds or as a date, plus under 250 ms of jitter", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryDelayMs(1, 500, 30_000, "7", { random: () => 0 })).toBe(7000);
    expect(retryDelayMs(1, 500, 30_000, "Thu, 01 Jan 2026 00:00:12 GMT", { random: () => 0, now })).toBe(12_000);
    expect(retryDelayMs(1, 500, 30_000, 45_000, { random: () => 0.99 })).toBe(45_247);
    expect(retryDelayMs(1, 500, 30_000, "3600", { random: () => 0, retryAfterCapMs: 60_000 })).toBe(60_000);
    // Unreadable: the backoff applies.
    expect(retryDelayMs(1, 500, 30_000, "soon", { random: () => 1 })).toBe(500);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["2.5", 2500],
    ["-5", 0],
    ["", undefined],
    ["later", undefined],
  ])("%j → %j", (header, ms) => {
    expect(parseRetryAfter(header)).toBe(ms);
  });
  it("reads a past date as now", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2015 00:00:00 GMT")).toBe(0);
  });
});
