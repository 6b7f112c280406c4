import { localDays, localStrip } from "../../src/notify/digest/strip";

const H = 3600_000;
const span = (d: { start: Date; end: Date }) => (d.end.getTime() - d.start.getTime()) / H;

describe("the digest's strip of local days", () => {
  it.each([
    // what, until, zone, count, first day [date, start], last day [date, hours]
    [
      "New York, the week clocks go back: 1 Nov is 25 h",
      "2026-11-03T14:00:00Z",
      "America/New_York",
      3,
      ["2026-11-01", "2026-11-01T04:00:00.000Z", 25],
      ["2026-11-03", 9],
    ],
    ["Berlin, spring forward: 29 Mar is 23 h", "2026-03-30T06:00:00Z", "Europe/Berlin", 2, ["2026-03-29", "2026-03-28T23:00:00.000Z", 23], ["2026-03-30", 8]],
    [
      "Auckland, ahead of UTC: the local date is a day later",
      "2026-12-02T19:00:00Z",
      "Pacific/Auckland",
      1,
      ["2026-12-03", "2026-12-02T11:00:00.000Z", 8],
      ["2026-12-03", 8],
    ],
    [
      "a period ending at local midnight: the day before is the last",
      "2026-12-02T05:00:00Z",
      "America/New_York",
      1,
      ["2026-12-01", "2026-12-01T05:00:00.000Z", 24],
      ["2026-12-01", 24],
    ],
  ] as const)("%s", (_what, until, zone, count, [firstDate, firstStart, firstHours], [lastDate, lastHours]) => {
    const days = localDays(new Date(until), count, zone);
    expect(days).toHaveLength(count);
    expect([days[0]!.date, days[0]!.start.toISOString(), span(days[0]!)]).toEqual([firstDate, firstStart, firstHours]);
    expect([days.at(-1)!.date, span(days.at(-1)!)]).toEqual([lastDate, lastHours]);
    expect(days.at(-1)!.end.toISOString()).toBe(new Date(until).toISOString());
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toEqual(days[i - 1]!.end);
  });

  it("puts an outage on the subscriber's day and weighs it against that day's length", () => {
    const history = [
      { toStatus: "operational" as const, at: new Date("2026-10-01T00:00:00Z") },
      // 00:30–01:30 EDT on 1 Nov (a 25-hour day): a fixed EST offset would put it on 31 Oct.
      { toStatus: "major_outage" as const, at: new Date("2026-11-01T04:30:00Z") },
      { toStatus: "operational" as const, at: new Date("2026-11-01T05:30:00Z") },
      // 21:00–22:00 EST on 2 Nov, which is 3 Nov in UTC.
      { toStatus: "partial_outage" as const, at: new Date("2026-11-03T02:00:00Z") },
      { toStatus: "operational" as const, at: new Date("2026-11-03T03:00:00Z") },
    ];
    const strip = localStrip([history], new Date("2026-11-04T14:00:00Z"), 5, "America/New_York");
    expect(strip.map((d) => [d.date, d.worst, d.uptimePercent])).toEqual([
      ["2026-10-31", "operational", 100],
      ["2026-11-01", "major_outage", 96], // 1 h of 25
      ["2026-11-02", "partial_outage", Math.round((1 - 0.3 / 24) * 1_000_000) / 10_000],
      ["2026-11-03", "operational", 100],
      ["2026-11-04", "operational", 100],
    ]);
    expect(localStrip([], new Date("2026-11-04T14:00:00Z"), 2, "America/New_York")).toEqual([
      { date: "2026-11-03", worst: null, uptimePercent: null },
      { date: "2026-11-04", worst: null, uptimePercent: null },
    ]);
  });
});
