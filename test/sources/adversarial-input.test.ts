import { parseAws, parseAwsDashboard } from "../../src/sources/aws/parse";
import { readReportSignal } from "../../src/sources/downdetector/parse";
import { SourceError } from "../../src/sources/errors";
import { readFeed } from "../../src/sources/feed/document";
import { htmlToText } from "../../src/text/html-text";
import { parseJson } from "../../src/sources/parse/parse-helpers";

/**
 * Parsing is synchronous: input that makes a regex backtrack quadratically freezes the whole
 * process (API, notifier, other polls). Each case below took from 7 s to minutes before the fix.
 * A wall-clock budget fails on a busy machine, so each case is judged by how its time grows: the
 * same input at a quarter of the size, best of three runs each; linear work grows about 4x,
 * quadratic 16x. A case that is fast at full size passes whatever its ratio (a few milliseconds
 * are timer and collector noise); the absolute ceiling only catches a hang.
 */
const MAX_GROWTH = 9;
const FAST_MS = 100;
const CEILING_MS = 20_000;

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** Runs `make(n)` at full size and at a quarter; returns the full-size outcome and the growth. */
async function growth<T>(n: number, make: (n: number) => T | Promise<T>) {
  const best = async (size: number) => {
    let min = Number.POSITIVE_INFINITY;
    let last: Awaited<ReturnType<typeof timed<T>>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await timed(() => make(size));
      min = Math.min(min, last.ms);
    }
    return { ...last!, ms: min };
  };
  const small = await best(Math.floor(n / 4));
  const full = await best(n);
  // Sub-millisecond runs carry timer noise, not growth.
  return { ...full, growth: full.ms / Math.max(small.ms, 1) };
}

function expectLinear(r: { ms: number; growth: number }) {
  expect(r.ms).toBeLessThan(CEILING_MS);
  if (r.ms >= FAST_MS) expect(r.growth).toBeLessThan(MAX_GROWTH);
}

describe("adversarial input is parsed in linear time", () => {
  it("a body of spaces is refused as not XML at once, quoting nothing of it", async () => {
    const r = await growth(400_000, (n) => readFeed(" ".repeat(n) + "x"));
    expectLinear(r);
    expect(r.error).toBeInstanceOf(SourceError);
    expect((r.error as Error).message).toBe("feed is not XML");
  });

  it("an AWS channel title padded with spaces", async () => {
    const r = await growth(200_000, (n) => parseAws(`<rss version="2.0"><channel><title>a${" ".repeat(n)}x</title></channel></rss>`, "rss"));
    expectLinear(r);
    expect(r.error).toBeUndefined();
  });

  it("an AWS event description full of unclosed spans", async () => {
    const r = await growth(60_000, (n) =>
      parseAwsDashboard({
        archive: [{ service: "ec2-us-east-1", date: "1700000000", summary: "x", status: "1", description: "<span>1:00 AM PST</span>" + "<span".repeat(n) }],
        current: [],
      }),
    );
    expectLinear(r);
    expect(r.error).toBeUndefined();
  });

  it("a page that names timestampUtc thousands of times without a closing brace", async () => {
    const r = await growth(30_000, (n) => readReportSignal("<html>{" + '"timestampUtc"'.repeat(n)));
    expectLinear(r);
    expect((r.error as SourceError).kind).toBe("invalid_payload");
  });

  it("markup with tens of thousands of paragraphs, and nesting deeper than the call stack", async () => {
    const wide = await growth(60_000, (n) => htmlToText("<p>x</p>".repeat(n)));
    expectLinear(wide);
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
