import { pollDelaySeconds } from "../../src/poller/backoff";

describe("pollDelaySeconds", () => {
  it.each([
    // interval, failures in a row, threshold, cap → seconds to the next poll
    [60, 0, 3, 900, 60],
    [60, 2, 3, 900, 60],
    [60, 3, 3, 900, 120],
    [60, 4, 3, 900, 240],
    [60, 5, 3, 900, 480],
    [60, 6, 3, 900, 900],
    [60, 60, 3, 900, 900],
    [2, 3, 3, 900, 4],
    [1800, 3, 3, 900, 1800],
    [1, 1, 1, 4, 2],
    [1, 3, 1, 4, 4],
  ])("interval %i s, %i failures, threshold %i, cap %i → %i s", (interval, failures, threshold, cap, expected) => {
    expect(pollDelaySeconds(interval, failures, threshold, cap)).toBe(expected);
  });
});
