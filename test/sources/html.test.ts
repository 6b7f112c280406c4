import { readFileSync } from "node:fs";
import path from "node:path";
import { html } from "../../src/sources/html";
import { type HtmlOptions, parseHtmlPage } from "../../src/sources/html/parse";
import { entry, serve, testContext } from "./local-server";

const page = readFileSync(path.join(__dirname, "../fixtures/html/status-page.html"), "utf8");
const now = new Date("2024-05-01T15:00:00Z");
const options: HtmlOptions = {
  incidentSelector: "article.incident",
  titleSelector: ".title",
  statusSelector: ".status",
  timeSelector: "time",
  linkSelector: ".title a",
  bodySelector: ".body",
  componentSelector: "li.component",
  componentNameSelector: ".name",
  componentStatusSelector: ".state",
  overallStatusSelector: ".overall",
};
const iso = (d: Date | undefined) => d?.toISOString();

describe("parseHtmlPage", () => {
  const s = parseHtmlPage(page, options, "https://status.acme.test/", now);

  it("reads incidents with mapped status words, UTC times and safe links", () => {
    expect(s.incidents.map((i) => [i.title, i.status, iso(i.startedAt), i.url])).toEqual([
      ["Payments failing 💳", "investigating", "2024-05-01T14:00:00.000Z", "https://status.acme.test/incidents/42"],
      ["Slow dashboards", "resolved", "2024-04-30T08:00:00.000Z", undefined],
    ]);
    expect(s.incidents[0]!.updates[0]!.body).toBe("We are looking into failed card payments.");
    expect(s.incidents[1]!.updates[0]!.label).toBe("Resolved – 2 hours ago");
  });

  it("reads components and the overall status tolerantly", () => {
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["API", "operational"],
      ["Web & Mobile", "degraded_performance"],
      ["Payments", "major_outage"],
    ]);
    expect([s.status, s.statusDescription]).toEqual(["partial_outage", "Partial Outage"]);
  });

  it("defaults missing times to the poll time and gives stable ids", () => {
    const minimal = parseHtmlPage(page, { incidentSelector: "article.incident", titleSelector: ".title" }, "https://status.acme.test/", now);
    expect(minimal.incidents.map((i) => [i.status, iso(i.startedAt)])).toEqual([
      ["investigating", "2024-05-01T15:00:00.000Z"],
      ["investigating", "2024-05-01T15:00:00.000Z"],
    ]);
    expect(minimal.incidents[0]!.externalId).toBe("https://status.acme.test/incidents/42");
    expect(
      parseHtmlPage(page, { incidentSelector: "article.incident", titleSelector: ".title" }, "https://status.acme.test/", new Date()).incidents[1]!.externalId,
    ).toBe(minimal.incidents[1]!.externalId);
  });

  it("rejects a non-HTML payload and invalid options", () => {
    expect(() => parseHtmlPage('{"status":"ok"}', options, "https://x.test/", now)).toThrow(expect.objectContaining({ kind: "invalid_payload" }));
    expect(html.options.safeParse({ titleSelector: ".t" }).success).toBe(false);
    expect(html.options.safeParse({ incidentSelector: "a", titleSelector: "b", componentSelector: "li" }).success).toBe(false);
    expect(html.options.safeParse({ incidentSelector: "a", titleSelector: "b" }).success).toBe(true);
  });
});

describe("html.poll over HTTP", () => {
  it("fetches the page and parses it with the entry's selectors", async () => {
    const server = await serve({ "/": { body: page, contentType: "text/html; charset=utf-8" } });
    try {
      const result = await html.poll(entry("html", `${server.base}/`, options), testContext());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.incidents[0]!.url).toBe(`${server.base}/incidents/42`);
      expect(result.snapshot.components).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
