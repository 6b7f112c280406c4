import { accuracy, type EpisodeRecord } from "../../src/detect/accuracy";

const acked = (minutes: number): EpisodeRecord => ({ state: "confirmed", leadSeconds: minutes * 60 });
const unack: EpisodeRecord = { state: "unacknowledged" };
const fa: EpisodeRecord = { state: "false_alarm" };
const times = <T>(n: number, x: T) => Array.from({ length: n }, () => x);

describe("accuracy", () => {
  it.each<{ name: string; eps: EpisodeRecord[]; grade: string | null; median?: number | null; p90?: number | null }>([
    { name: "no episodes: nothing to grade", eps: [], grade: null, median: null, p90: null },
    { name: "only our false alarms: still nothing to grade the page on", eps: [fa, fa], grade: null },
    { name: "all acknowledged within minutes: A", eps: [acked(2), acked(4), acked(3)], grade: "A", median: 180, p90: 240 },
    { name: "A needs 95 % acknowledged: one unacknowledged in ten is B", eps: [...times(9, acked(3)), unack], grade: "B" },
    { name: "median lag of 12 min: B", eps: [acked(10), acked(12), acked(30)], grade: "B", median: 720, p90: 1800 },
    { name: "median lag of 25 min: C", eps: [acked(20), acked(25), acked(40)], grade: "C" },
    { name: "median 45 min and 60 % acknowledged: D", eps: [acked(40), acked(45), acked(50), unack, unack], grade: "D" },
    { name: "median over an hour: F", eps: [acked(70), acked(80)], grade: "F" },
    { name: "mostly unacknowledged: F however fast the rest", eps: [acked(1), unack, unack], grade: "F" },
    { name: "never acknowledged: F", eps: [unack], grade: "F", median: null },
    { name: "a page that spoke before our signals lags 0, not less", eps: [acked(-10), acked(-5), acked(2)], grade: "A", median: 0, p90: 120 },
    { name: "false alarms do not count against the page", eps: [acked(3), ...times(5, fa)], grade: "A" },
  ])("$name", (c) => {
    const a = accuracy(c.eps);
    expect(a.grade).toBe(c.grade);
    expect(a.episodes).toBe(c.eps.length);
    expect(a.acknowledged + a.unacknowledged + a.falseAlarms).toBe(c.eps.filter((e) => e.state !== "suspected").length);
    if (c.median !== undefined) expect(a.medianAckLagSeconds).toBe(c.median);
    if (c.p90 !== undefined) expect(a.p90AckLagSeconds).toBe(c.p90);
  });

  it("an open episode counts as an episode only", () => {
    expect(accuracy([{ state: "suspected" }, acked(3)])).toEqual({
      episodes: 2,
      acknowledged: 1,
      unacknowledged: 0,
      falseAlarms: 0,
      medianAckLagSeconds: 180,
      p90AckLagSeconds: 180,
      grade: "A",
    });
  });
});
