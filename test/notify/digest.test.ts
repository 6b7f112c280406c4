import { NetClient } from "../../src/net";
import { lastCompletedPeriod } from "../../src/notify/digest/period";
import { DigestService } from "../../src/notify/digest/service";
import { createMailer } from "../../src/notify/dispatcher";
import { fanOut } from "../../src/notify/fanout";
import { SubscriptionService } from "../../src/notify/subscriptions";
import { freshDatabase, type TestDatabase } from "../support/db";
import { fakeDns } from "../support/dns";
import { LONG_TITLE, seedDigestWorld } from "../support/digest-seed";
import { notifyConfig, silentLog, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
// Slack's name resolves as the test says: subscription targets are resolved at creation.
const net = new NetClient({ resolver: fakeDns({ "hooks.slack.com": ["8.8.8.8"] }) });
const schedule = { frequency: "daily" as const, hour: 9, timeZone: "America/New_York" };
// 10:00 in New York on Monday 30 Nov: the day that ended at 09:00 is due.
const NOW = new Date("2026-11-30T15:00:00Z");
const period = lastCompletedPeriod(NOW, schedule);
let world: Awaited<ReturnType<typeof seedDigestWorld>>;

beforeAll(async () => {
  db = await freshDatabase();
  smtp = await startSmtp();
  world = await seedDigestWorld(db.prisma, period);
});
afterAll(async () => {
  await net.close();
  await smtp?.close();
  await db?.drop();
});

const config = () => notifyConfig({ smtpUrl: smtp.url });
function service(instanceId: string, mailer = createMailer(config())) {
  return new DigestService({ prisma: db.prisma, config: config(), log: silentLog, mailer, net, instanceId });
}
async function subscribe(target: string, data: Record<string, unknown> = {}) {
  return db.prisma.subscription.create({
    data: {
      channel: "email",
      target,
      events: ["incident_opened", "source_unreachable"],
      digest: "daily",
      digestHour: 9,
      timeZone: "America/New_York",
      lastDigestAt: new Date(period.start.getTime() - 3 * 86_400_000),
      confirmedAt: new Date(),
      ...data,
    },
  });
}

describe("email digests", () => {
  it("send each due (subscription, period) once, however many instances ask, with the period's incidents and what is still open", async () => {
    const sub = await subscribe("once@example.test");
    await db.prisma.event.create({
      data: { providerId: "acme", kind: "source_unreachable", occurredAt: period.start, dedupeKey: "d:1", data: { reason: "timeout" } },
    });
    await fanOut(db.prisma, config());
    expect(await db.prisma.delivery.count({ where: { subscriptionId: sub.id, status: "digest" } })).toBe(1);

    const [a, b] = [service("one"), service("two")];
    const first = await Promise.all([a.sendDue(NOW), b.sendDue(NOW)]);
    expect(first[0] + first[1]).toBe(1);
    expect(await a.sendDue(new Date(NOW.getTime() + 3600_000))).toBe(0);
    expect(await service("restarted").sendDue(new Date(NOW.getTime() + 7200_000))).toBe(0);
    const [mail] = await waitFor("digest", () => (smtp.to("once@example.test").length ? smtp.to("once@example.test") : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to("once@example.test")).toHaveLength(1);

    expect(mail!.subject).toBe("[Digest] statuswatch daily: 3 incidents, 2 still open (2026-11-30)");
    const text = mail!.text!;
    for (const i of world.inPeriod) expect(text).toContain(i.title);
    for (const title of world.excluded) expect(text).not.toContain(title);
    expect(text).toContain("Sun 29 Nov, 09:00 – Mon 30 Nov, 09:00 (America/New_York)");
    expect(text).toContain("opened Sun 29 Nov, 11:00 · resolved Sun 29 Nov, 13:00, lasted 2h");
    expect(text).toMatch(/Still open \(1\):\n- Degraded_x+_throughput/);
    expect(text).toContain("- Beta is down (critical, since Fri 27 Nov, 09:00)");
    expect(text).toContain("confirmed · suspected Sun 29 Nov, 10:48 · confirmed Sun 29 Nov, 11:00 · 12m before the provider said so");
    expect(text).toContain("Availability this period: 91.67 %"); // 2 h of 24 down
    // By hand: 1 h + 2 h major, and 18 h minor at 30 %, in the 710 h from 1 Nov to the period's end.
    expect(text).toContain(`SLA 2026-11 to date: ${((1 - (1 + 2 + 0.3 * 18) / 710) * 100).toFixed(2)} %, below the 99.9 % SLA, credit 10 %`);
    expect(text).toContain("1 other provider: no incidents and no warnings.");
    expect(text).toContain("[Unreachable]");
    const html = String(mail!.html);
    expect(html).toContain("Elevated errors &lt;b&gt;on&lt;/b&gt; API &amp; console");
    expect(html).toContain(`href="http://statuswatch.test/incidents/${world.inPeriod[0]!.id}"`);
    expect(html).toContain(`href="https://status.acme.test/incidents/errors"`);
    expect(html).toContain(LONG_TITLE);
    // Early warnings link their outage page, under the configured public URL.
    const episode = await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "acme" } });
    expect(html).toContain(`href="http://statuswatch.test/outages/${episode.id}"`);
    expect(text).toContain(`http://statuswatch.test/outages/${episode.id}`);
    expect(html + text).not.toContain("/api/v1/outages");
    expect(mail!.headerLines.some((h) => h.key === "list-unsubscribe-post")).toBe(true);

    const rows = await db.prisma.digestSend.findMany({ where: { subscriptionId: sub.id } });
    expect(rows).toMatchObject([{ status: "sent", attempts: 1, periodStart: period.start, periodEnd: period.end }]);
    expect(rows[0]!.messageId).toBe(`<sw.digest.s${sub.id}.p${period.start.getTime()}@statuswatch.test>`);
    expect(await db.prisma.delivery.count({ where: { subscriptionId: sub.id, status: "digest" } })).toBe(0);
  });

  it("retry a failed send later without a second mail", async () => {
    const sub = await subscribe("retry@example.test");
    const digests = service("retrier");
    smtp.setRefusing(true);
    try {
      expect(await digests.sendDue(NOW)).toBe(0);
    } finally {
      smtp.setRefusing(false);
    }
    const pending = await db.prisma.digestSend.findFirstOrThrow({ where: { subscriptionId: sub.id } });
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending.lastError).toContain("retryable");
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(NOW.getTime());
    expect(await digests.sendDue(NOW)).toBe(0); // not yet due again
    expect(await digests.sendDue(new Date(NOW.getTime() + 60_000))).toBe(1);
    expect(await digests.sendDue(new Date(NOW.getTime() + 120_000))).toBe(0);
    await waitFor("retried digest", () => smtp.to("retry@example.test").length === 1);
    expect(await db.prisma.digestSend.findFirstOrThrow({ where: { subscriptionId: sub.id } })).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("send a period missed while down late, once: only the most recent one", async () => {
    const sub = await subscribe("late@example.test", { lastDigestAt: new Date(NOW.getTime() - 10 * 86_400_000) });
    const later = new Date(NOW.getTime() + 5 * 3600_000); // 15:00 in New York, six hours late
    expect(await service("late").sendDue(later)).toBe(1);
    expect(await service("late").sendDue(new Date(later.getTime() + 60_000))).toBe(0);
    const rows = await db.prisma.digestSend.findMany({ where: { subscriptionId: sub.id } });
    expect(rows.map((r) => r.periodStart)).toEqual([period.start]);
    await waitFor("late digest", () => smtp.to("late@example.test").length === 1);
  });

  it("take over a period whose sender died mid-send once the lease is over, not before", async () => {
    const sub = await subscribe("crashed@example.test");
    await db.prisma.digestSend.create({
      data: { subscriptionId: sub.id, periodStart: period.start, periodEnd: period.end, status: "sending", attempts: 1, claimedBy: "dead", claimedAt: NOW },
    });
    expect(await service("survivor").sendDue(new Date(NOW.getTime() + 1000))).toBe(0);
    expect(await service("survivor").sendDue(new Date(NOW.getTime() + config().leaseMs + 1000))).toBe(1);
    expect(await db.prisma.digestSend.findFirstOrThrow({ where: { subscriptionId: sub.id } })).toMatchObject({
      status: "sent",
      attempts: 2,
      claimedBy: "survivor",
    });
  });

  it("cover a 25-hour Berlin day on the night clocks go back, and a week ending Monday", async () => {
    const berlin = await subscribe("berlin@example.test", { digestHour: 8, timeZone: "Europe/Berlin", lastDigestAt: new Date("2026-10-20T00:00:00Z") });
    const weekly = await subscribe("weekly@example.test", { digest: "weekly" });
    const digests = service("calendar");
    expect(await digests.sendDue(new Date("2026-10-25T12:00:00Z"))).toBe(1); // the weekly one owes nothing yet: that week ended before it was switched on
    expect(await digests.sendDue(NOW)).toBe(2); // Monday 30 Nov, 10:00 in New York: both due
    const rows = await db.prisma.digestSend.findMany({ where: { subscriptionId: { in: [berlin.id, weekly.id] } }, orderBy: { id: "asc" } });
    const span = (r: (typeof rows)[number]) => [r.subscriptionId, r.periodStart.toISOString(), r.periodEnd.toISOString()];
    expect(rows.map(span)).toEqual([
      [berlin.id, "2026-10-24T06:00:00.000Z", "2026-10-25T07:00:00.000Z"], // 08:00 CEST to 08:00 CET
      [berlin.id, "2026-11-29T07:00:00.000Z", "2026-11-30T07:00:00.000Z"],
      [weekly.id, "2026-11-23T14:00:00.000Z", "2026-11-30T14:00:00.000Z"],
    ]);
    const [week] = await waitFor("weekly digest", () => (smtp.to("weekly@example.test").length ? smtp.to("weekly@example.test") : undefined));
    expect(week!.subject).toMatch(/^\[Digest\] statuswatch weekly: /);
    expect(week!.text).toContain("Mon 23 Nov, 09:00 – Mon 30 Nov, 09:00 (America/New_York)");
  });

  it("go on past a subscription whose stored zone the runtime does not know", async () => {
    await subscribe("broken@example.test", { timeZone: "Mars/Olympus_Mons" });
    await subscribe("fine@example.test");
    expect(await service("robust").sendDue(NOW)).toBe(1);
    await waitFor("the other digest", () => smtp.to("fine@example.test").length === 1);
    expect(smtp.to("broken@example.test")).toHaveLength(0);
  });

  it("owe nothing for periods that ended before digests were switched on, paused or unconfirmed", async () => {
    await subscribe("new@example.test", { lastDigestAt: NOW });
    await subscribe("paused@example.test", { paused: true });
    await subscribe("unconfirmed@example.test", { confirmedAt: null });
    expect(await service("x").sendDue(NOW)).toBe(0);
  });

  it("are only for channels that have them (email)", async () => {
    const subs = new SubscriptionService(db.prisma, notifyConfig(), silentLog, net);
    const r = await subs.create({ channel: "slack", target: "https://hooks.slack.com/services/T/B/x", digest: "daily" });
    expect(r).toEqual({ ok: false, kind: "no-digests", channel: "slack" });
  });
});
