import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ParsedMail } from "mailparser";
import { createApi } from "../../src/api/app";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { ingestSnapshot } from "../../src/timeline/ingest";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY, incident, minute, notifyConfig, seedProvider, silentLog, snapshot, startSlackStandIn, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: Server;
let base: string;
const dispatchers: Dispatcher[] = [];
const config = () => notifyConfig({ webhookAllowlist: [slack.base], smtpUrl: smtp.url });

beforeAll(async () => {
  db = await freshDatabase();
  slack = await startSlackStandIn();
  smtp = await startSmtp();
  await seedProvider(db.prisma, "acme", "Acme");
  await seedProvider(db.prisma, "other", "Other");
  const app = createApi({ prisma: db.prisma, log: silentLog, notify: { apiKey: API_KEY, config: config(), mailer: createMailer(config()) } });
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.stop()));
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await slack?.close();
  await smtp?.close();
  await db?.drop();
});

async function subscribe(body: object): Promise<number> {
  const res = await fetch(`${base}/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { id: number } }).data.id;
}

const tagOf = (text: string) => /\[([^\]]+)\]/.exec(text)?.[1];
const slackTags = (name: string) => slack.forPath(name).map((h) => `${tagOf(h.body.text)} ${/\] [^:]+: (.*?)( —|$)/.exec(h.body.text)?.[1]}`);
const header = (m: ParsedMail, name: string) => m.headerLines.find((h) => h.key === name)?.line;

describe("a replayed outage through the running dispatcher", () => {
  it("reaches each subscription with exactly the transitions its filters select, once, in order", async () => {
    await subscribe({ channel: "slack", target: slack.url("all") });
    await subscribe({ channel: "slack", target: slack.url("dashboard"), components: ["Dashboard"], events: ["component_status_changed"] });
    await subscribe({ channel: "slack", target: slack.url("critical"), minImpact: "critical" });
    await subscribe({ channel: "slack", target: slack.url("other"), providers: ["other"] });
    await subscribe({ channel: "slack", target: slack.url("paused"), paused: true });
    await subscribe({ channel: "email", target: "oncall@example.test", providers: ["acme"] });
    await subscribe({ channel: "email", target: "never-confirmed@example.test" });

    // Double opt-in: the confirmation link is the only thing sent before confirming.
    const confirmation = await waitFor("confirmation mail", () => smtp.to("oncall@example.test")[0]);
    const link = /(http:\/\/statuswatch\.test\S+confirm\?token=\S+)/.exec(confirmation.text ?? "")![1]!;
    const confirmed = await fetch(link.replace("http://statuswatch.test/api/v1", base));
    expect(confirmed.status).toBe(200);

    // Two dispatchers at once: the database decides who sends what.
    for (let i = 0; i < 2; i++) {
      const d = new Dispatcher({ prisma: db.prisma, config: config(), log: silentLog, mailer: createMailer(config()) });
      dispatchers.push(d);
      d.start();
    }

    // First sight of the page is backfill: an old incident, already open, never notifies.
    await ingestSnapshot(db.prisma, "acme", snapshot({ incidents: [incident("investigating", 0, { externalId: "old", title: "Old thing" })] }), {}, minute(0));

    const outage = (status: "investigating" | "identified" | "monitoring" | "resolved", m: number, api: string, dash: string) =>
      snapshot({
        components: [
          { externalId: "api", name: "API", status: api as never, updatedAt: minute(m) },
          { externalId: "dash", name: "Dashboard", status: dash as never, updatedAt: minute(m) },
        ],
        incidents: [incident(status, m)],
      });
    const written = Date.now();
    await ingestSnapshot(db.prisma, "acme", outage("investigating", 0, "major_outage", "degraded_performance"), {}, minute(0));
    await waitFor("first Slack message", () => slack.forPath("all").length >= 1, 5_000);
    expect(slack.forPath("all")[0]!.at - written).toBeLessThan(5_000);
    await ingestSnapshot(db.prisma, "acme", outage("identified", 10, "major_outage", "degraded_performance"), {}, minute(10));
    await ingestSnapshot(db.prisma, "acme", outage("monitoring", 20, "operational", "degraded_performance"), {}, minute(20));
    await ingestSnapshot(db.prisma, "acme", outage("resolved", 30, "operational", "operational"), {}, minute(30));

    await waitFor(
      "all messages",
      async () =>
        slack.forPath("all").length >= 4 &&
        smtp.to("oncall@example.test").length >= 5 &&
        slack.forPath("critical").length >= 2 &&
        slack.forPath("dashboard").length >= 2,
    );
    await new Promise((r) => setTimeout(r, 600)); // anything extra (a duplicate) would arrive now

    expect(slackTags("all")).toEqual([
      "Investigating Elevated errors on API",
      "Identified Elevated errors on API",
      "Monitoring Elevated errors on API",
      "Resolved Elevated errors on API",
    ]);
    expect(slackTags("dashboard")).toEqual(["Degraded performance Dashboard", "Operational Dashboard"]);
    expect(slackTags("critical")).toEqual(["Major outage API", "Operational API"]);
    expect(slack.forPath("other")).toHaveLength(0);
    expect(slack.forPath("paused")).toHaveLength(0);
    expect(smtp.to("never-confirmed@example.test")).toHaveLength(1); // the confirmation request only

    const resolved = slack.forPath("all")[3]!.body;
    expect(resolved.text).toContain("lasted 30m");
    expect(JSON.stringify(resolved.blocks)).toMatch(/http:\/\/statuswatch\.test\/incidents\/\d+\|In statuswatch/);
    expect(JSON.stringify(resolved.blocks)).toContain("Affected:* API, Dashboard");

    const mails = smtp.to("oncall@example.test").slice(1);
    expect(mails.map((m) => m.subject)).toEqual([
      "[Investigating] Acme: Elevated errors on API",
      "[Identified] Acme: Elevated errors on API",
      "[Monitoring] Acme: Elevated errors on API",
      "[Resolved] Acme: Elevated errors on API (30m)",
    ]);
    const root = mails[0]!.messageId!;
    for (const m of mails.slice(1)) {
      expect(m.inReplyTo).toBe(root);
      expect(m.references).toContain(root);
    }
    for (const m of mails) {
      expect(header(m, "list-unsubscribe")).toMatch(/<http:\/\/statuswatch\.test\/api\/v1\/subscriptions\/unsubscribe\?token=[\w-]{20,}>/);
      expect(header(m, "list-unsubscribe-post")).toContain("List-Unsubscribe=One-Click");
      expect(m.html).toContain("Unsubscribe");
      expect(m.html).not.toContain("<b>"); // provider markup is text, never HTML, in our mail
      expect(m.text).toContain("working on it");
    }

    const rows = await db.prisma.delivery.groupBy({ by: ["eventId", "subscriptionId"], _count: true });
    expect(rows.every((r) => r._count === 1)).toBe(true);
    expect(await db.prisma.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
    const backfillDeliveries = await db.prisma.delivery.count({ where: { event: { backfill: true } } });
    expect(backfillDeliveries).toBe(0);
  }, 30_000);
});
