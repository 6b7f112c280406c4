import { readFileSync } from "node:fs";
import path from "node:path";
import { aws, parseAws, parseAwsDashboard } from "../../src/sources/aws";
import { entry, serve, testContext } from "./local-server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/aws", name), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("AWS per-service RSS", () => {
  it("groups posts with the same title into incidents and reads state from the title prefix", async () => {
    const s = await parseAws(fixture("ec2-us-east-1.rss"));
    expect(s.incidents.map((i) => [i.title, i.status, i.impact])).toEqual([
      ["Increased API Error Rates", "resolved", "critical"],
      ["Instance launch delays", "investigating", "major"],
    ]);
    const api = s.incidents[0]!;
    expect(api.externalId).toBe("http://status.aws.amazon.com/#ec2-us-east-1_1638891900");
    expect(api.updates.map((u) => [iso(u.at), u.status, u.label])).toEqual([
      ["2021-12-07T15:45:00.000Z", "investigating", "Informational message"],
      ["2021-12-07T17:10:00.000Z", "investigating", "Service disruption"],
      ["2021-12-07T22:22:00.000Z", "resolved", "Service is operating normally"],
    ]);
    expect(iso(api.resolvedAt)).toBe("2021-12-07T22:22:00.000Z");
  });

  it("makes the service a component whose status follows its open incident", async () => {
    const s = await parseAws(fixture("ec2-us-east-1.rss"), "rss");
    expect(s.components).toEqual([{ externalId: "ec2-us-east-1", name: "Amazon Elastic Compute Cloud (N. Virginia)", status: "partial_outage" }]);
    expect(s.status).toBe("partial_outage");
    expect(s.componentsExhaustive).toBe(true);
  });

  it("keeps the component's id from the feed's name once every post has expired", async () => {
    const empty = fixture("ec2-us-east-1.rss").replace(/<item>[\s\S]*<\/item>/, "");
    const s = await parseAws(empty, "rss", "https://status.aws.amazon.com/rss/ec2-us-east-1.rss");
    expect(s.incidents).toEqual([]);
    expect(s.components).toEqual([{ externalId: "ec2-us-east-1", name: "Amazon Elastic Compute Cloud (N. Virginia)", status: "operational" }]);
  });
});

describe("AWS legacy data.json", () => {
  const s = parseAwsDashboard(JSON.parse(fixture("data.json")));

  it("turns time-only entries into UTC dates, rolling over local midnight", () => {
    const s3 = s.incidents.find((i) => i.externalId === "s3-us-west-2_1700032245")!;
    expect(s3.updates.map((u) => [iso(u.at), u.status])).toEqual([
      ["2023-11-15T07:10:00.000Z", "investigating"],
      ["2023-11-15T07:58:00.000Z", "investigating"],
      ["2023-11-15T09:05:00.000Z", "resolved"],
    ]);
    expect(s3.updates[1]!.body).toBe("We have identified the cause & are working on a fix.");
    expect([s3.title, s3.status, s3.impact, iso(s3.startedAt), iso(s3.resolvedAt)]).toEqual([
      "Elevated error rates",
      "resolved",
      "major",
      "2023-11-15T07:10:00.000Z",
      "2023-11-15T09:05:00.000Z",
    ]);
  });

  it("keeps current events open and marks their services", () => {
    const cf = s.incidents.find((i) => i.externalId === "cloudfront_1700060400")!;
    expect([cf.title, cf.status, cf.impact, iso(cf.startedAt)]).toEqual(["Increased propagation times | 伝播時間の増加", "investigating", "minor", "2023-11-15T15:00:00.000Z"]);
    expect(s.components.map((c) => [c.externalId, c.status])).toEqual([
      ["s3-us-west-2", "operational"],
      ["cloudfront", "degraded_performance"],
    ]);
    expect(s.status).toBe("degraded_performance");
  });

  it.each([
    ['{"archive": "no"}', "json", /neither an archive nor a current array/],
    ['{"archive": [{"service": "ec2", "date": "yesterday"}]}', "json", /lacks service or date/],
    ["<html>Service Health Dashboard</html>", undefined, /not an RSS or Atom feed/],
    ["{ truncated", undefined, /not JSON/],
  ])("rejects garbage %#", async (text, format, message) => {
    await expect(parseAws(text, format as "json" | undefined)).rejects.toMatchObject({ kind: "invalid_payload", message: expect.stringMatching(message) });
  });
});

describe("aws.poll over HTTP", () => {
  it("sniffs JSON and parses it", async () => {
    const server = await serve({ "/data.json": { body: fixture("data.json"), contentType: "application/json" } });
    try {
      const result = await aws.poll(entry("aws", `${server.base}/data.json`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
