import { parseAws, parseAwsDashboard } from "../../src/sources/aws/parse";
import { readReportSignal } from "../../src/sources/downdetector/parse";
import { SourceError } from "../../src/sources/errors";
import { readFeed } from "../../src/sources/feed/document";
import { htmlToText } from "../../src/text/html-text";
import { parseJson } from "../../src/sources/parse/parse-helpers";

/**
 * Parsing is synchronous: input that makes a regex backtrack quadratically freezes the whole
 * process (API, notifier, other polls). Each case below took from 7 s to minutes before the fix;
 * the budget is generous so only a return of that behaviour can fail it.
 */
const BUDGET_MS = 2_000;

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe("adversarial input is parsed in linear time", () => {
  it("a body of spaces is refused as not XML at once, quoting nothing of it", async () => {
    const r = await timed(() => readFeed(" ".repeat(400_000) + "x"));
    expect(r.ms).toBeLessThan(BUDGET_MS);
    expect(r.error).toBeInstanceOf(SourceError);
    expect((r.error as Error).message).toBe("feed is not XML");
  });

  it("an AWS channel title padded with spaces", async () => {
    const r = await timed(() => parseAws(`<rss version="2.0"><channel><title>a${" ".repeat(200_000)}x</title></channel></rss>`, "rss"));
    expect(r.ms).toBeLessThan(BUDGET_MS);
    expect(r.error).toBeUndefined();
  });

  it("an AWS event description full of unclosed spans", async () => {
    const description = "<span>1:00 AM PST</span>" + "<span".repeat(60_000);
    const r = await timed(() =>
      parseAwsDashboard({ archive: [{ service: "ec2-us-east-1", date: "1700000000", summary: "x", status: "1", description }], current: [] }),
    );
    expect(r.ms).toBeLessThan(BUDGET_MS);
    expect(r.error).toBeUndefined();
  });

  it("a page that names timestampUtc thousands of times without a closing brace", async () => {
    const r = await timed(() => readReportSignal("<html>{" + '"timestampUtc"'.repeat(30_000)));
    expect(r.ms).toBeLessThan(BUDGET_MS);
    expect((r.error as SourceError).kind).toBe("invalid_payload");
  });

  it("markup with tens of thousands of paragraphs, and nesting deeper than the call stack", async () => {
    const wide = await timed(() => htmlToText("<p>x</p>".repeat(60_000)));
    expect(wide.ms).toBeLessThan(BUDGET_MS);
    expect(wide.value!.startsWith("x\n\nx")).toBe(true);
    const deep = await timed(() => htmlToText("<b>".repeat(20_000) + "deep"));
    expect(deep.error).toBeUndefined();
    expect(deep.value).toBe("deep");
  });
});

describe("errors about a body never quote it", () => {
  it("says where a feed broke, not what it said", async () => {
    await expect(readFeed("<rss><channel><item>SECRET-TOKEN</channel></rss>")).rejects.toThrow(/^feed is not an RSS or Atom feed \(Line: \d+, Column: \d+\)$/);
  });

  it("says where JSON broke, not what it said", () => {
    expect(() => parseJson('{"AccessKeyId":"ASIASECRETSECRET"', "incidents.json")).toThrow(/^incidents\.json is not JSON/);
    try {
      parseJson('{"AccessKeyId":"ASIASECRETSECRET" x', "incidents.json");
    } catch (err) {
      expect((err as Error).message).not.toContain("ASIA");
      expect((err as Error).message).toMatch(/position \d+/);
    }
  });
});
