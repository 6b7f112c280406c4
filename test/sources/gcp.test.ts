import { readFileSync } from "node:fs";
import path from "node:path";
import { gcp } from "../../src/sources/gcp";
import { parseGcpIncidents } from "../../src/sources/gcp/parse";
import { entry, serve, testContext } from "./local-server";

const text = readFileSync(path.join(__dirname, "../fixtures/gcp/incidents.json"), "utf8");
const iso = (d: Date | undefined) => d?.toISOString();

describe("parseGcpIncidents", () => {
  const s = parseGcpIncidents(JSON.parse(text));

  it.each([
    ["OpenOne111", "investigating", "critical", "2024-05-02T09:15:00.000Z", undefined],
    ["Reopened22", "resolved", "minor", "2024-05-01T05:00:00.000Z", "2024-05-01T08:00:00.000Z"],
  ])("%s is %s with impact %s, started %s, resolved %s", (id, status, impact, started, resolved) => {
    const i = s.incidents.find((x) => x.externalId === id)!;
    expect([i.status, i.impact, iso(i.startedAt), iso(i.resolvedAt)]).toEqual([status, impact, started, resolved]);
  });

  it("orders updates by time, keeps Google's words as labels and reopens on a new open update", () => {
    const i = s.incidents.find((x) => x.externalId === "Reopened22")!;
    expect(i.updates.map((u) => [iso(u.at), u.status, u.label])).toEqual([
      ["2024-05-01T05:10:00.000Z", "investigating", "SERVICE_INFORMATION"],
      ["2024-05-01T06:00:00.000Z", "resolved", "AVAILABLE"],
      ["2024-05-01T07:00:00.000Z", "investigating", "SERVICE_INFORMATION"],
      ["2024-05-01T07:55:00.000Z", "resolved", "AVAILABLE"],
      ["2024-05-01T09:00:00.000Z", "resolved", "AVAILABLE"],
    ]);
    expect(i.url).toBe("https://status.cloud.google.com/incidents/Reopened22");
    expect(i.components).toEqual(["Google BigQuery", "Cloud Run"]);
  });

  it("derives product components from open incidents only", () => {
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["Cloud Run", "major_outage"],
      ["Cloud Build", "major_outage"],
      ["Google BigQuery", "operational"],
    ]);
    expect(s.status).toBe("major_outage");
  });

  it("narrows to the products an entry names (case-insensitive part of the name)", () => {
    const build = parseGcpIncidents(JSON.parse(text), { products: ["cloud build"] });
    expect(build.incidents.map((i) => i.externalId)).toEqual(["OpenOne111"]);
    expect(build.components.map((c) => [c.name, c.status])).toEqual([["Cloud Build", "major_outage"]]);
    const bigquery = parseGcpIncidents(JSON.parse(text), { products: ["BigQuery", "Vertex"] });
    expect(bigquery.incidents.map((i) => i.externalId)).toEqual(["Reopened22"]);
    expect(bigquery.components.map((c) => [c.name, c.status])).toEqual([["Google BigQuery", "operational"]]);
    expect(bigquery.status).toBe("operational");
  });

  it("validates the products option", () => {
    expect(gcp.options.safeParse({ products: ["Vertex"] }).success).toBe(true);
    expect(gcp.options.safeParse({ products: [] }).success).toBe(false);
    expect(gcp.options.safeParse({ product: "Vertex" }).success).toBe(false);
  });

  it.each([
    [{ incidents: [] }, /not an array/],
    [[{ begin: "2024-01-01T00:00:00Z" }], /no id/],
    [[{ id: "x", begin: "soon" }], /begin has no valid time/],
    [["nope"], /not an object/],
  ])("rejects garbage %#", (doc, message) => {
    expect(() => parseGcpIncidents(doc)).toThrow(expect.objectContaining({ kind: "invalid_payload", message: expect.stringMatching(message) }));
  });
});

describe("gcp.poll over HTTP", () => {
  it("fetches incidents.json", async () => {
    const server = await serve({ "/incidents.json": { body: text, contentType: "application/json" } });
    try {
      const result = await gcp.poll(entry("gcp", `${server.base}/incidents.json`, {}), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("fails with invalid_payload on truncated JSON", async () => {
    const server = await serve({ "/incidents.json": { body: text.slice(0, 200), contentType: "application/json" } });
    try {
      await expect(gcp.poll(entry("gcp", `${server.base}/incidents.json`, {}), testContext())).rejects.toMatchObject({ kind: "invalid_payload" });
    } finally {
      await server.close();
    }
  });
});
