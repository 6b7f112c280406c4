import { parseGcpIncidents } from "../../src/sources/gcp/parse";
import { iso, sampleJson } from "./sample-files";

describe("Google Cloud incidents.json sample", () => {
  const s = parseGcpIncidents(sampleJson("gcp/gcp-status-incidents-2022-05to07-first15.json"));

  it("reads all 15 incidents as resolved with severity impacts", () => {
    expect(s.incidents).toHaveLength(15);
    expect(s.incidents.every((i) => i.status === "resolved")).toBe(true);
    expect(s.incidents.filter((i) => i.impact === "critical").map((i) => i.externalId)).toEqual(["iAgVMxJUfE1J9et7j9KB"]);
    expect(s.components.every((c) => c.status === "operational")).toBe(true);
    expect(s.status).toBe("operational");
  });

  it("Apigee X: two disruption updates then two AVAILABLE, newest-first input put in order", () => {
    const i = s.incidents.find((x) => x.externalId === "sPyYB214xAhqnoxNrrnW")!;
    expect([i.impact, iso(i.startedAt), iso(i.resolvedAt), i.components, i.url]).toEqual([
      "major",
      "2022-06-29T20:54:00.000Z",
      "2022-06-29T22:59:00.000Z",
      ["Apigee"],
      "https://status.cloud.google.com/incidents/sPyYB214xAhqnoxNrrnW",
    ]);
    expect(i.updates.map((u) => [iso(u.at), u.status, u.label])).toEqual([
      ["2022-06-29T22:14:41.000Z", "investigating", "SERVICE_DISRUPTION"],
      ["2022-06-29T22:33:21.000Z", "investigating", "SERVICE_DISRUPTION"],
      ["2022-06-29T23:11:51.000Z", "resolved", "AVAILABLE"],
      ["2022-06-30T18:13:17.000Z", "resolved", "AVAILABLE"],
    ]);
  });
});
