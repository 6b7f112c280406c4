import { csvCell, evidenceCsv } from "../../src/sla/csv";

describe("evidence CSV", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", "'=1+1"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])("%j → %s", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it("leaves numbers and nulls alone and writes one CRLF line per row under a header", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    const csv = evidenceCsv([
      { incidentId: 1, title: "t", url: null, from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T01:00:00.000Z", impact: "major", countedSeconds: 3600 },
    ]);
    expect(csv).toBe("incidentId,title,url,from,to,impact,countedSeconds\r\n1,t,,2026-11-01T00:00:00.000Z,2026-11-01T01:00:00.000Z,major,3600\r\n");
  });
});
