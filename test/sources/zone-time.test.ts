import { knownZone, parseFeedTimestamp, writtenZone } from "../../src/sources/parse/zone-time";

const july = new Date("2024-07-10T12:00:00Z");
const january = new Date("2024-01-10T12:00:00Z");
const read = (stamp: string, reference = july, zone?: string | number) => parseFeedTimestamp(stamp, reference, zone)?.toISOString();

describe("parseFeedTimestamp", () => {
  it.each([
    // stamp, UTC
    ["Jul 10, 09:00 UTC", "2024-07-10T09:00:00.000Z"],
    ["Jul 10, 09:00 -03", "2024-07-10T12:00:00.000Z"],
    ["Jul 10, 09:00 -3", "2024-07-10T12:00:00.000Z"],
    ["Jul 10, 09:00 -0300", "2024-07-10T12:00:00.000Z"],
    ["Jul 10, 09:00 +05:30", "2024-07-10T03:30:00.000Z"],
    ["Jul 10, 09:00 +0530", "2024-07-10T03:30:00.000Z"],
    ["Jul 10, 09:00 GMT+2", "2024-07-10T07:00:00.000Z"],
    ["Jul 10, 09:00 UTC+05:30", "2024-07-10T03:30:00.000Z"],
    ["Jul 10, 09:00 UTC-4", "2024-07-10T13:00:00.000Z"],
    ["Jul 10, 9:00 PM GMT+2", "2024-07-10T19:00:00.000Z"],
  ])("%s → %s", (stamp, expected) => {
    expect(read(stamp)).toBe(expected);
  });

  it.each([
    // abbreviation, offset in hours
    ["ART", -3],
    ["BRT", -3],
    ["WEST", 1],
    ["BST", 1],
    ["CEST", 2],
    ["EET", 2],
    ["EEST", 3],
    ["MSK", 3],
    ["IST", 5.5],
    ["WIB", 7],
    ["HKT", 8],
    ["SGT", 8],
    ["AWST", 8],
    ["JST", 9],
    ["ACST", 9.5],
    ["ACDT", 10.5],
    ["AEST", 10],
    ["AEDT", 11],
    ["NZST", 12],
    ["NZDT", 13],
    ["HST", -10],
    ["MST", -7],
  ])("%s is a fixed offset of %d h", (zone, hours) => {
    const expected = new Date(Date.UTC(2024, 6, 10, 9, 0) - hours * 3_600_000).toISOString();
    expect(read(`Jul 10, 09:00 ${zone}`)).toBe(expected);
    // The same offset in January: the abbreviation, not the date, names it.
    expect(read(`Jan 10, 09:00 ${zone}`, january)).toBe(new Date(Date.UTC(2024, 0, 10, 9, 0) - hours * 3_600_000).toISOString());
  });

  it("keeps US abbreviations on local time, as the 2013 Parse feed meant 'PST' in summer", () => {
    expect(read("Jul 10, 09:00 PST")).toBe("2024-07-10T16:00:00.000Z");
    expect(read("Jan 10, 09:00 PST", january)).toBe("2024-01-10T17:00:00.000Z");
  });

  it("is undefined for unknown abbreviations instead of Intl's legacy guesses", () => {
    for (const zone of ["XYZT", "ECT", "AET", "PRC"]) expect(read(`Jul 10, 09:00 ${zone}`)).toBeUndefined();
  });

  it("reads a time without a zone in the default zone, UTC unless given", () => {
    expect(read("Jul 10, 09:00")).toBe("2024-07-10T09:00:00.000Z");
    expect(read("Jul 10, 09:00", july, -180)).toBe("2024-07-10T12:00:00.000Z");
    expect(read("Jul 10, 09:00", july, "America/Los_Angeles")).toBe("2024-07-10T16:00:00.000Z");
  });
});

describe("knownZone", () => {
  it("rejects offsets out of range", () => {
    expect(knownZone("+15")).toBeUndefined();
    expect(knownZone("+05:75")).toBeUndefined();
    expect(knownZone("+14")).toBe(840);
  });

  it("still accepts Area/Location names", () => {
    expect(knownZone("US/Pacific")).toBe("US/Pacific");
    expect(knownZone("Nowhere/City")).toBeUndefined();
  });
});

describe("writtenZone", () => {
  it.each([
    ["Thu, 01 Jan 2015 01:20:00 -0800", -480],
    ["Wed, 10 Jul 2024 12:30:00 +0000", 0],
    ["Wed, 10 Jul 2024 12:30:00 GMT", 0],
    ["2022-06-08T19:13:39Z", 0],
    ["2026-02-17T08:00:00-05:00", -300],
    ["2026-02-20T22:44:27.567+01:00", 60],
    ["Tue, 14 Jul 2015 16:05:00 PDT", "America/Los_Angeles"],
  ])("%s → %s", (raw, zone) => {
    expect(writtenZone(raw)).toBe(zone);
  });

  it("is undefined when the date names no zone", () => {
    expect(writtenZone("2022-06-08T19:13:39")).toBeUndefined();
    expect(writtenZone(undefined)).toBeUndefined();
  });
});
