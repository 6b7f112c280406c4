import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startInstance, type Instance } from "../support/instance";
import { API_KEY, seedProvider, startSlackStandIn, startSmtp, waitFor } from "../support/notify";

/**
 * Slack and the mail server away for "minutes", compressed by small retry delays: first nothing
 * listens (connection refused), then they answer but refuse (503 / SMTP 451), then they are back.
 * The real service in a child process must deliver every message exactly once, in order, and
 * dead-letter nothing while it is within NOTIFY_MAX_ATTEMPTS.
 */
describe("Slack and SMTP receivers down for a while", () => {
  let db: TestDatabase;
  let dir: string;
  let instance: Instance | undefined;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>> | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  const reasons = ["one", "two", "three", "four", "five"];

  beforeAll(async () => {
    db = await freshDatabase();
    await seedProvider(db.prisma, "acme", "Acme");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-receivers-"));
  });
  afterAll(async () => {
    await instance?.kill();
    await slack?.close();
    await smtp?.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const reasonOf = (text: string) => /cannot read the status page: (\w+)/.exec(text)?.[1];

  it("delivers every message once and in order after connection refused, then 503/451, then recovery", async () => {
    // Learn two free ports by listening once, then go away: from now on connections are refused.
    slack = await startSlackStandIn();
    smtp = await startSmtp();
    const slackPort = Number(new URL(slack.base).port);
    const smtpPort = smtp.port;
    const slackBase = slack.base;
    const smtpUrl = smtp.url;
    await slack.close();
    await smtp.close();
    slack = undefined;
    smtp = undefined;

    const file = path.join(dir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "acme", name: "Acme", kind: "statuspage", url: "http://127.0.0.1:9/" }]));
    instance = await startInstance({
      DATABASE_URL: db.url,
      PROVIDERS_FILE: file,
      POLLING_ENABLED: "false",
      API_KEY,
      WEBHOOK_ALLOWLIST: slackBase,
      SMTP_URL: smtpUrl,
      NOTIFY_POLL_MS: "100",
      NOTIFY_RETRY_BASE_MS: "100",
      NOTIFY_RETRY_MAX_MS: "600",
      NOTIFY_MAX_ATTEMPTS: "60",
      NOTIFY_SEND_TIMEOUT_MS: "2000",
    });

    await db.prisma.subscription.createMany({
      data: [
        { channel: "slack", target: `${slackBase}services/T000/B000/oncall`, events: ["source_unreachable"], confirmedAt: new Date() },
        { channel: "email", target: "oncall@example.test", events: ["source_unreachable"], confirmedAt: new Date() },
      ],
    });
    const t0 = Date.now() - 60_000;
    for (const [i, reason] of reasons.entries()) {
      await db.prisma.event.create({
        data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(t0 + i * 1000), dedupeKey: `down:${reason}`, data: { reason } },
      });
    }

    // Phase 1: nothing listens. The service keeps trying (attempts climb) and gives up on nothing.
    await waitFor(
      "retries against a closed port",
      async () => ((await db.prisma.delivery.aggregate({ _max: { attempts: true } }))._max.attempts ?? 0) >= 3,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await db.prisma.delivery.count({ where: { status: "failed" } })).toBe(0);

    // Phase 2: they listen again but refuse, temporarily.
    slack = await startSlackStandIn({ port: slackPort });
    slack.setResponder(() => ({ status: 503 }));
    smtp = await startSmtp({ port: smtpPort });
    smtp.setRefusing(true);
    await waitFor("503s seen", () => slack!.attempts.length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(slack.posts).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
    expect(await db.prisma.delivery.count({ where: { status: "failed" } })).toBe(0);

    // Phase 3: back.
    slack.setResponder(() => ({ status: 200 }));
    smtp.setRefusing(false);
    await waitFor("all Slack posts", () => slack!.posts.length >= reasons.length, 30_000);
    await waitFor("all mails", () => smtp!.mails.length >= reasons.length, 30_000);
    await waitFor("all rows sent", async () => (await db.prisma.delivery.count({ where: { status: "sent" } })) === 2 * reasons.length, 10_000);
    await new Promise((r) => setTimeout(r, 1_500));

    expect(slack.posts.map((p) => reasonOf(JSON.stringify(p.body)))).toEqual(reasons);
    expect(smtp.mails.map((m) => reasonOf(m.text ?? ""))).toEqual(reasons);
    expect(await db.prisma.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
    // Retried, not lucky: the first of each channel needed many attempts.
    const attempts = (await db.prisma.delivery.findMany({ select: { attempts: true } })).map((d) => d.attempts);
    expect(Math.max(...attempts)).toBeGreaterThan(3);
  }, 90_000);
});
