import { Writable } from "node:stream";
import pino from "pino";
import { FailureLog } from "../../src/util/failure-log";

function capture() {
  const lines: { level: number; msg: string; failuresSinceLastLine?: number }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
      cb();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

describe("FailureLog", () => {
  it.each([
    // [failures every 200 ms for this long, reminderMs, error lines expected]
    [1_000, 10_000, 1],
    [30_000, 10_000, 3],
    [30_000, 60_000, 1],
    [120_000, 60_000, 2],
  ])("%i ms of failures with a %i ms reminder write %i error lines", (durationMs, reminderMs, expected) => {
    const { log, lines } = capture();
    let now = 0;
    const f = new FailureLog(log, "tick", reminderMs, () => now);
    for (now = 0; now < durationMs; now += 200) f.failed(new Error("down"));
    expect(lines.filter((l) => l.level === 50)).toHaveLength(expected);
  });

  it("says once when it works again, and a later failure is reported at once", () => {
    const { log, lines } = capture();
    let now = 0;
    const f = new FailureLog(log, "tick", 60_000, () => now);
    f.failed(new Error("down"));
    now = 1_000;
    f.failed(new Error("down"));
    f.succeeded();
    f.succeeded();
    now = 2_000;
    f.failed(new Error("down again"));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, "tick failed"],
      [30, "tick works again"],
      [50, "tick failed"],
    ]);
  });

  it("counts the quiet failures in the reminder", () => {
    const { log, lines } = capture();
    let now = 0;
    const f = new FailureLog(log, "tick", 1_000, () => now);
    for (now = 0; now <= 1_000; now += 250) f.failed(new Error("down"));
    expect(lines.at(-1)).toMatchObject({ msg: "tick still failing", failuresSinceLastLine: 4 });
  });
});
