import { readFileSync } from "node:fs";
import path from "node:path";
import { aws } from "../../src/sources/aws";
import { parseAws, parseAwsDashboard } from "../../src/sources/aws/parse";
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

describe("AWS RSS title prefixes and grouping", () => {
  it("reads the current 'Service impact:' prefix as a service disruption and 'Resolved:' as a closing post", async () => {
    const s = await parseAws(fixture("all.rss"), "rss");
    expect(s.incidents.map((i) => [i.title, i.status, i.impact])).toEqual([
      ["Elevated request latency", "resolved", "minor"],
      ["Increased Packet Loss", "investigating", "critical"],
    ]);
    const s3 = s.incidents[0]!;
    expect(s3.updates.map((u) => [iso(u.at), u.status])).toEqual([
      ["2026-01-06T15:30:00.000Z", "investigating"],
      ["2026-01-06T17:10:00.000Z", "resolved"],
    ]);
    expect(iso(s3.resolvedAt)).toBe("2026-01-06T17:10:00.000Z");
  });

  it("files a later [RESOLVED] summary post under the incident it closed", async () => {
    const s = await parseAws(fixture("internetconnectivity-us-gov-west-1.rss"), "rss");
    expect(s.incidents.map((i) => [i.externalId, i.title, i.status, i.impact])).toEqual([
      ["http://status.aws.amazon.com/#internetconnectivity-us-gov-west-1_1763629200", "Internet Connectivity", "resolved", "minor"],
      // Another title: a new short event of the same day, not a summary.
      ["http://status.aws.amazon.com/#internetconnectivity-us-gov-west-1_1763690400", "Increased DNS resolution latency", "resolved", "minor"],
    ]);
    expect(s.incidents[0]!.updates.map((u) => [iso(u.at), u.status])).toEqual([
      ["2025-11-20T09:00:00.000Z", "investigating"],
      ["2025-11-20T11:20:00.000Z", "resolved"],
      ["2025-11-20T15:40:00.000Z", "resolved"],
    ]);
    expect(s.components).toEqual([
      { externalId: "internetconnectivity-us-gov-west-1", name: "Internet Connectivity (US-GovCloud West)", status: "operational" },
    ]);
  });

  it("files the summary under the incident also when only closing posts are left in the feed", async () => {
    const onlyClosing = fixture("internetconnectivity-us-gov-west-1.rss").replace(
      /<item>\s*<title><!\[CDATA\[Informational message: Internet[\s\S]*?<\/item>/,
      "",
    );
    const s = await parseAws(onlyClosing, "rss");
    const connectivity = s.incidents.filter((i) => i.title === "Internet Connectivity");
    expect(connectivity.map((i) => [i.externalId, i.updates.length, iso(i.startedAt), iso(i.resolvedAt)])).toEqual([
      ["http://status.aws.amazon.com/#internetconnectivity-us-gov-west-1_1763637600", 2, "2025-11-20T11:20:00.000Z", "2025-11-20T15:40:00.000Z"],
    ]);
  });

  it("closes the service's open incident with a closing post of another title", async () => {
    const retitled = fixture("internetconnectivity-us-gov-west-1.rss").replace(
      "Service is operating normally: [RESOLVED] Internet Connectivity]]></title>\n      <link>http://status.aws.amazon.com/</link>\n      <pubDate>Thu, 20 Nov 2025 03:20:00 PST",
      "Service is operating normally: Connectivity restored]]></title>\n      <link>http://status.aws.amazon.com/</link>\n      <pubDate>Thu, 20 Nov 2025 03:20:00 PST",
    );
    expect(retitled).toContain("Connectivity restored");
    const s = await parseAws(retitled, "rss");
    expect(s.incidents.map((i) => [i.title, i.status, i.updates.length])).toEqual([
      ["Internet Connectivity", "resolved", 3],
      ["Increased DNS resolution latency", "resolved", 1],
    ]);
  });
});

describe("AWS all.rss (every service in one feed)", () => {
  it("makes one component per service named by the guid, or by the item's category", async () => {
    const s = await parseAws(fixture("all.rss"), "rss", "https://status.aws.amazon.com/rss/all.rss");
    expect(s.components).toEqual([
      { externalId: "s3-us-east-1", name: "s3-us-east-1", status: "operational" },
      { externalId: "directconnect-eu-central-1", name: "AWS Direct Connect (Frankfurt)", status: "major_outage" },
    ]);
    expect(s.incidents.map((i) => i.components)).toEqual([["s3-us-east-1"], ["AWS Direct Connect (Frankfurt)"]]);
    expect(s.status).toBe("major_outage");
    expect(s.componentsExhaustive).toBe(true);
  });

  it("still names the component after its service when the feed holds one service's posts", async () => {
    const one = fixture("all.rss").replace(/<item>\s*<title><!\[CDATA\[Service impact[\s\S]*?<\/item>/, "");
    const s = await parseAws(one, "rss");
    expect(s.components).toEqual([{ externalId: "s3-us-east-1", name: "s3-us-east-1", status: "operational" }]);
    expect(s.incidents.map((i) => i.components)).toEqual([["s3-us-east-1"]]);
  });

  it("lists no component once every post has expired", async () => {
    const empty = fixture("all.rss").replace(/<item>[\s\S]*<\/item>/, "");
    const s = await parseAws(empty, "rss", "https://status.aws.amazon.com/rss/all.rss");
    expect([s.components, s.incidents, s.status]).toEqual([[], [], "operational"]);
  });
});

describe("AWS Health dashboard JSON", () => {
  it("reads currentevents (a bare array): arn ids, event_log updates in time order, impact and resolution", async () => {
    const s = await parseAws(fixture("currentevents.json"));
    expect(s.incidents.map((i) => [i.externalId, i.title, i.status, i.impact])).toEqual([
      [
        "arn:aws:health:us-east-1::event/MULTIPLE_SERVICES/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_1A2B3_TEST0000001",
        "Increased invocation errors",
        "resolved",
        "major",
      ],
      [
        "arn:aws:health:eu-west-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_4C5D6_TEST0000002",
        "Instance launch delays",
        "investigating",
        "major",
      ],
      ["cloudfront_1767717900", "Increased propagation times", "investigating", "minor"],
    ]);
    const lambda = s.incidents[0]!;
    expect(lambda.updates.map((u) => [iso(u.at), u.status, u.body])).toEqual([
      [
        "2026-01-06T14:00:00.000Z",
        "investigating",
        "We are investigating increased invocation errors for AWS Lambda & Amazon API Gateway in the US-EAST-1 Region.",
      ],
      [
        "2026-01-06T15:30:00.000Z",
        "resolved",
        "Between 6:00 AM and 7:30 AM PST we saw increased invocation errors. The issue has been resolved & the service is operating normally.",
      ],
    ]);
    expect([iso(lambda.startedAt), iso(lambda.resolvedAt)]).toEqual(["2026-01-06T14:00:00.000Z", "2026-01-06T15:30:00.000Z"]);
    expect(lambda.components).toEqual(["AWS Lambda (N. Virginia)", "Amazon API Gateway (N. Virginia)"]);
  });

  it("derives an exhaustive component list from the impacted services", async () => {
    const s = await parseAws(fixture("currentevents.json"));
    expect(s.components.map((c) => [c.externalId, c.name, c.status])).toEqual([
      ["lambda-us-east-1", "AWS Lambda (N. Virginia)", "operational"],
      ["apigateway-us-east-1", "Amazon API Gateway (N. Virginia)", "operational"],
      ["ec2-eu-west-1", "Amazon Elastic Compute Cloud (Ireland)", "partial_outage"],
      ["elasticloadbalancing-eu-west-1", "Elastic Load Balancing (Ireland)", "degraded_performance"],
      ["cloudfront", "Amazon CloudFront", "degraded_performance"],
    ]);
    expect([s.status, s.componentsExhaustive]).toEqual(["partial_outage", true]);
  });

  it("skips an unreadable event with its reason", async () => {
    const s = await parseAws(fixture("currentevents.json"));
    expect(s.skipped).toEqual([expect.stringMatching(/Undated notice.*lacks service or date/)]);
  });

  it("reads historyevents (service → events), filing an event listed under several services once", () => {
    const s = parseAwsDashboard(JSON.parse(fixture("historyevents.json")));
    expect(s.incidents.map((i) => [i.externalId, i.title, i.status, i.impact, i.components])).toEqual([
      [
        "arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_A1B2C_TEST0000004",
        "Connectivity issues",
        "resolved",
        "critical",
        ["Amazon Elastic Compute Cloud (N. Virginia)", "Amazon Elastic Block Store (N. Virginia)"],
      ],
      // No `service`: the key it is filed under names it; `end_time` closes it.
      ["s3-eu-west-1_1763712000", "Elevated error rates", "resolved", "minor", ["Amazon Simple Storage Service (Ireland)"]],
    ]);
    expect(s.components.map((c) => [c.externalId, c.status])).toEqual([
      ["ec2-us-east-1", "operational"],
      ["ebs-us-east-1", "operational"],
      ["s3-eu-west-1", "operational"],
    ]);
    expect(iso(s.incidents[1]!.resolvedAt)).toBe("2025-11-21T08:40:00.000Z");
  });

  it.each([["[]"], ["\ufeff[]"], ["  [ ]\n"]])("reads an empty event array as all clear %#", async (text) => {
    const s = await parseAws(text);
    expect([s.status, s.components, s.incidents, s.componentsExhaustive]).toEqual(["operational", [], [], true]);
  });

  it.each([["null"], ["42"], ['{"foo": 1}'], ["{}"], ['"ok"']])("refuses %s as AWS JSON, not as a feed", async (text) => {
    await expect(parseAws(text)).rejects.toMatchObject({ kind: "invalid_payload", message: expect.stringMatching(/^AWS JSON .*currentevents/) });
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
    expect([cf.title, cf.status, cf.impact, iso(cf.startedAt)]).toEqual([
      "Increased propagation times | 伝播時間の増加",
      "investigating",
      "minor",
      "2023-11-15T15:00:00.000Z",
    ]);
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
