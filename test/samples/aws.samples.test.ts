import { parseAwsDashboard } from "../../src/sources/aws/parse";
import { iso, sampleJson } from "./sample-files";

describe("AWS legacy data.json sample", () => {
  const s = parseAwsDashboard(sampleJson("aws/aws-health-dashboard-data-json-archive-first30.json"));

  it("reads 30 archived events as resolved incidents", () => {
    expect(s.incidents).toHaveLength(30);
    expect(s.incidents.every((i) => i.status === "resolved")).toBe(true);
    expect(s.components.every((c) => c.status === "operational")).toBe(true);
  });

  it("ACM 2021-06-29: PDT clock times become UTC and cross midnight", () => {
    const i = s.incidents.find((x) => x.externalId === "certificatemanager-us-east-1_1624993969")!;
    expect([i.title, i.impact, iso(i.startedAt), iso(i.resolvedAt)]).toEqual([
      "Increased API Error Rates and Latency",
      "critical",
      "2021-06-29T19:12:00.000Z",
      "2021-06-30T02:46:00.000Z",
    ]);
    expect(i.updates).toHaveLength(10);
    expect(iso(i.updates[0]!.at)).toBe("2021-06-29T19:12:00.000Z");
    expect(iso(i.updates[7]!.at)).toBe("2021-06-30T00:47:00.000Z");
    expect(i.updates.map((u) => u.status)).toEqual([...Array(9).fill("investigating"), "resolved"]);
  });

  it("Direct Connect Tokyo: bilingual title and bodies", () => {
    const i = s.incidents.find((x) => x.externalId === "directconnect-ap-northeast-1_1630543140")!;
    expect([i.title, i.impact, i.components]).toEqual(["ネットワーク接続性 | Network Connectivity", "critical", ["AWS Direct Connect (Tokyo)"]]);
    expect(iso(i.startedAt)).toBe("2021-09-02T00:39:00.000Z");
    expect(i.updates[0]!.body).toMatch(/^日本時間 2021\/09\/02 07:30 から/);
  });
});
