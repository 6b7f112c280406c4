import { readFileSync } from "node:fs";
import path from "node:path";
import { azure } from "../../src/sources/azure";
import { isAzureRegion, parseAzureFeed } from "../../src/sources/azure/parse";
import { entry, serve, testContext } from "./local-server";

const text = readFileSync(path.join(__dirname, "../fixtures/azure/feed.xml"), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("parseAzureFeed", () => {
  it("keeps a reused slug on another day as another incident", async () => {
    const s = await parseAzureFeed(text);
    expect(s.incidents.map((i) => i.externalId)).toEqual(["storage-latency@2024-03-04", "storage-latency@2024-03-01", "entra-signin@2024-03-04"]);
  });

  it.each([
    ["storage-latency@2024-03-04", "investigating", "2024-03-04T08:05:00.000Z", ["Storage", "Virtual Machines"]],
    ["storage-latency@2024-03-01", "resolved", "2024-03-01T10:00:00.000Z", ["Storage"]],
    ["entra-signin@2024-03-04", "resolved", "2024-03-04T09:30:00.000Z", ["Microsoft Entra ID"]],
  ])("%s is %s since %s, affecting %j", async (id, status, started, components) => {
    const i = (await parseAzureFeed(text)).incidents.find((x) => x.externalId === id)!;
    expect([i.status, iso(i.startedAt), i.components]).toEqual([status, started, components]);
  });

  it("keeps regions in the body, not as components", async () => {
    const s = await parseAzureFeed(text);
    const body = s.incidents[0]!.updates[0]!.body;
    expect(body).toContain("Current status: We have identified the cause and are applying a fix.");
    expect(body).toMatch(/Regions: West Europe, North Europe$/);
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["Storage", "partial_outage"],
      ["Virtual Machines", "partial_outage"],
      ["Microsoft Entra ID", "operational"],
    ]);
    expect(s.status).toBe("partial_outage");
  });

  it.each([
    ["East US 2", true],
    ["South Africa North", true],
    ["Public Non-Regional", true],
    ["Content Delivery Network", false],
    ["Microsoft Azure portal", false],
  ])("isAzureRegion(%s) = %s", (category, expected) => {
    expect(isAzureRegion(category)).toBe(expected);
  });

  it("rejects a JSON document", async () => {
    await expect(parseAzureFeed('{"value": []}')).rejects.toMatchObject({ kind: "invalid_payload", message: expect.stringMatching(/not XML/) });
  });
});

describe("azure.poll over HTTP", () => {
  it("fetches the feed", async () => {
    const server = await serve({ "/en-us/status/feed/": { body: text, contentType: "application/rss+xml; charset=utf-8" } });
    try {
      const result = await azure.poll(entry("azure", `${server.base}/en-us/status/feed/`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
