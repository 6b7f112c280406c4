import pino from "pino";
import { loadConfig } from "../../src/config";
import { runDemo, type DemoResult } from "../../src/demo/demo";
import { freshDatabase } from "../support/db";
import { seedInUse, snapshotDatabase } from "../support/db-snapshot";

const tag = (text: string | undefined) => /\[([^\]]+)\]/.exec(text ?? "")?.[1];

describe("npm run demo", () => {
  let text = "";
  let result: DemoResult;
  let before: Awaited<ReturnType<typeof snapshotDatabase>>;
  let after: typeof before;

  beforeAll(async () => {
    const db = await freshDatabase();
    const lines: string[] = [];
    try {
      await seedInUse(db.prisma);
      before = await snapshotDatabase(db.url);
      // DATABASE_URL names a database in use; no API_KEY, SMTP_URL or webhook: the demo brings its own.
      result = await runDemo({ config: loadConfig({ DATABASE_URL: db.url }), log: pino({ level: "silent" }), stepMs: 1200, out: (l) => lines.push(l) });
      after = await snapshotDatabase(db.url);
    } finally {
      await db.drop();
    }
    text = lines.join("\n");
  }, 120_000);

  it("leaves the database DATABASE_URL names exactly as it was, running on a Postgres of its own", () => {
    expect(Object.keys(before)).toContain("providers");
    expect(before.providers!.rows).toBe(3);
    expect(before.subscriptions!.rows).toBe(1);
    expect(after).toEqual(before);
    expect(text).toMatch(/Postgres: a temporary cluster of the demo's own on 127\.0\.0\.1:\d+, removed at exit\./);
  });

  it("replays the outage through the running service and prints the growing timeline", () => {
    const order = ["incident_opened", "investigating → identified", "identified → monitoring", "monitoring → resolved"].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("Transitions: investigating → identified → monitoring → resolved");
    expect(text).toContain("is resolved after 120 min (page clock)");
  });

  it("delivers to a local Slack receiver exactly what each subscription's filters select, once, in order", () => {
    expect(result.slack.oncall!.map((p) => tag(p.body.text))).toEqual(["Degraded performance", "Investigating", "Identified", "Monitoring", "Resolved"]);
    expect(result.slack.leadership!.map((p) => tag(p.body.text))).toEqual(["Investigating", "Resolved"]);
    expect(result.slack["claude-ai-team"]).toEqual([]);
    expect(result.slack.oncall!.at(-1)!.body.text).toMatch(/Resolved\] Anthropic \(simulated\): Elevated errors on Claude API — lasted 2h$/);
  });

  it("mails the confirmed address one threaded email per incident transition", () => {
    const mails = result.mails;
    expect(mails.map((m) => m.subject)).toEqual([
      "[Investigating] Anthropic (simulated): Elevated errors on Claude API",
      "[Identified] Anthropic (simulated): Elevated errors on Claude API",
      "[Monitoring] Anthropic (simulated): Elevated errors on Claude API",
      "[Resolved] Anthropic (simulated): Elevated errors on Claude API (2h)",
    ]);
    const root = mails[0]!.messageId;
    expect(mails.slice(1).every((m) => m.inReplyTo === root)).toBe(true);
  });

  it("prints every Slack message and email as it arrives, with the confirmation step", () => {
    expect(text).toMatch(/Slack receiver at http:\/\/127\.0\.0\.1:\d+\/, SMTP server at smtp:\/\/127\.0\.0\.1:\d+/);
    expect(text).toContain("✉ Email to oncall@example.test: Confirm your statuswatch subscription");
    expect(text).toContain("followed the link in it: confirmed");
    expect(text.match(/⇢ Slack #oncall: /g)).toHaveLength(5);
    expect(text.match(/⇢ Slack #leadership: /g)).toHaveLength(2);
    expect(text).toContain("│ >This incident has been resolved. Error rates have returned to normal.");
    expect(text).toContain("✉ Email to oncall@example.test: [Resolved] Anthropic (simulated): Elevated errors on Claude API (2h)");
    expect(text).toMatch(/│ in reply to <sw\.[^>]+>; List-Unsubscribe: one-click/);
    expect(text).toMatch(/Slack #oncall +5: Degraded performance · Investigating · Identified · Monitoring · Resolved/);
    expect(text).toMatch(/Slack #claude-ai-team +0: nothing/);
    expect(text).toMatch(/Email oncall@example.test +4: Investigating · Identified · Monitoring · Resolved/);
  });
});
