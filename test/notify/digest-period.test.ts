import { canonicalTimeZone, currentPeriod, type DigestSchedule, lastCompletedPeriod, localTime, periodEndingOn } from "../../src/notify/digest/period";

const daily = (hour: number, timeZone: string): DigestSchedule => ({ frequency: "daily", hour, timeZone });
const weekly = (hour: number, timeZone: string): DigestSchedule => ({ frequency: "weekly", hour, timeZone });
const iso = (d: Date) => d.toISOString().replace(".000", "");

describe("digest periods in the subscriber's zone", () => {
  it.each([
    // what, now, schedule, start, end, endDate
    ["a plain winter day in Berlin", "2026-12-02T12:00:00Z", daily(8, "Europe/Berlin"), "2026-12-01T07:00:00Z", "2026-12-02T07:00:00Z", "2026-12-02"],
    [
      "before today's hour: yesterday's period",
      "2026-12-02T06:59:00Z",
      daily(8, "Europe/Berlin"),
      "2026-11-30T07:00:00Z",
      "2026-12-01T07:00:00Z",
      "2026-12-01",
    ],
    [
      "exactly at the hour: that period is over",
      "2026-12-02T07:00:00Z",
      daily(8, "Europe/Berlin"),
      "2026-12-01T07:00:00Z",
      "2026-12-02T07:00:00Z",
      "2026-12-02",
    ],
    ["Berlin spring forward: a 23-hour day", "2026-03-29T12:00:00Z", daily(8, "Europe/Berlin"), "2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-29"],
    ["Berlin fall back: a 25-hour day", "2026-10-25T12:00:00Z", daily(8, "Europe/Berlin"), "2026-10-24T06:00:00Z", "2026-10-25T07:00:00Z", "2026-10-25"],
    ["New York spring forward", "2026-03-08T20:00:00Z", daily(9, "America/New_York"), "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-08"],
    ["New York fall back", "2026-11-01T20:00:00Z", daily(9, "America/New_York"), "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-01"],
    ["a half-hour zone", "2026-12-02T12:00:00Z", daily(8, "Asia/Kolkata"), "2026-12-01T02:30:00Z", "2026-12-02T02:30:00Z", "2026-12-02"],
    ["midnight UTC", "2026-12-02T00:00:00Z", daily(0, "UTC"), "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "2026-12-02"],
    ["the local date is ahead of UTC's", "2026-12-01T23:30:00Z", daily(8, "Pacific/Auckland"), "2026-11-30T19:00:00Z", "2026-12-01T19:00:00Z", "2026-12-02"],
    ["weekly: the last Monday at the hour", "2026-12-02T12:00:00Z", weekly(8, "Europe/Berlin"), "2026-11-23T07:00:00Z", "2026-11-30T07:00:00Z", "2026-11-30"],
    [
      "weekly, Monday before the hour: the week before",
      "2026-11-30T06:00:00Z",
      weekly(8, "Europe/Berlin"),
      "2026-11-16T07:00:00Z",
      "2026-11-23T07:00:00Z",
      "2026-11-23",
    ],
    [
      "weekly over a DST change: 7 days less an hour",
      "2026-03-10T00:00:00Z",
      weekly(9, "America/New_York"),
      "2026-03-02T14:00:00Z",
      "2026-03-09T13:00:00Z",
      "2026-03-09",
    ],
  ])("%s", (_what, now, schedule, start, end, endDate) => {
    const p = lastCompletedPeriod(new Date(now), schedule);
    expect({ start: iso(p.start), end: iso(p.end), endDate: p.endDate }).toEqual({ start, end, endDate });
  });

  it.each([
    ["a skipped hour is the moment the clock jumped", { y: 2026, m: 3, d: 29 }, 2, "Europe/Berlin", "2026-03-29T01:00:00Z"],
    ["an hour that happens twice is its first occurrence", { y: 2026, m: 11, d: 1 }, 1, "America/New_York", "2026-11-01T05:00:00Z"],
    ["an ordinary hour", { y: 2026, m: 7, d: 1 }, 8, "Europe/Berlin", "2026-07-01T06:00:00Z"],
  ])("%s", (_what, date, hour, zone, expected) => {
    expect(iso(localTime(date, hour, zone))).toBe(expected);
  });

  it("names the running period and the one sent on a given date", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const current = currentPeriod(now, daily(8, "Europe/Berlin"));
    expect([iso(current.start), iso(current.end)]).toEqual(["2026-12-02T07:00:00Z", "2026-12-03T07:00:00Z"]);
    const on = periodEndingOn("2026-11-30", daily(8, "Europe/Berlin"))!;
    expect([iso(on.start), iso(on.end)]).toEqual(["2026-11-29T07:00:00Z", "2026-11-30T07:00:00Z"]);
    const week = periodEndingOn("2026-12-02", weekly(8, "Europe/Berlin"))!; // a Wednesday: the digest of Monday 7 Dec
    expect([iso(week.start), iso(week.end), week.endDate]).toEqual(["2026-11-30T07:00:00Z", "2026-12-07T07:00:00Z", "2026-12-07"]);
    expect(periodEndingOn("2026-02-30", daily(8, "UTC"))).toBeUndefined();
    expect(periodEndingOn("yesterday", daily(8, "UTC"))).toBeUndefined();
  });

  it.each([
    ["Europe/Berlin", "Europe/Berlin"],
    ["utc", "UTC"],
    ["America/New_York", "America/New_York"],
    ["Mars/Olympus_Mons", undefined],
    ["", undefined],
    ["+05:00", undefined],
  ])("time zone %j is %j", (given, expected) => {
    expect(canonicalTimeZone(given)).toBe(expected);
  });
});
