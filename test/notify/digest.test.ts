import { NetClient } from "../../src/net";
import { createMailer, Dispatcher } from "../../src/notify/dispatcher";
import { sendDueDigests } from "../../src/notify/digest";
import { fanOut } from "../../src/notify/fanout";
import { SubscriptionService } from "../../src/notify/subscriptions";
import { freshDatabase, type TestDatabase } from "../support/db";
import { notifyConfig, seedProvider, silentLog, startSmtp, waitFor } from "../support/notify";

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  db = await freshDatabase();
  smtp = await startSmtp();
  await seedProvider(db.prisma, "acme", "Acme");
});
const net = new NetClient();

afterAll(async () => {
  await net.close();
  await smtp?.close();
  await db?.drop();
});

describe("email digests", () => {
  it("hold a digest subscription's messages and send them in one mail when the period is over", async () => {
    const config = notifyConfig({ smtpUrl: smtp.url });
    const mailer = createMailer(config);
    const deps = { prisma: db.prisma, config, log: silentLog, mailer, net };
    const events = ["source_unreachable"] as const;
    const daily = await db.prisma.subscription.create({
      data: {
        channel: "email",
        target: "daily@example.test",
        events: [...events],
        digest: "daily",
        lastDigestAt: new Date(Date.now() - 3600_000),
        confirmedAt: new Date(),
      },
    });
    await db.prisma.subscription.create({ data: { channel: "email", target: "now@example.test", events: [...events], confirmedAt: new Date() } });
    for (const [i, reason] of ["timeout", "dns"].entries()) {
      await db.prisma.event.create({ data: { providerId: "acme", kind: "source_unreachable", occurredAt: new Date(), dedupeKey: `d:${i}`, data: { reason } } });
    }
    await fanOut(db.prisma, config);
    expect(await db.prisma.delivery.count({ where: { subscriptionId: daily.id, status: "digest" } })).toBe(2);

    const dispatcher = new Dispatcher(deps);
    while ((await dispatcher.deliverBatch()) > 0);
    await waitFor("immediate mails", () => smtp.to("now@example.test").length === 2);
    expect(smtp.to("daily@example.test")).toHaveLength(0);

    expect(await sendDueDigests(deps)).toBe(0); // the day is not over yet
    await db.prisma.subscription.update({ where: { id: daily.id }, data: { lastDigestAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await sendDueDigests(deps)).toBe(1);
    expect(await sendDueDigests(deps)).toBe(0);
    const [mail] = await waitFor("digest", () => (smtp.to("daily@example.test").length ? smtp.to("daily@example.test") : undefined));
    expect(mail!.subject).toBe("[Digest] statuswatch: 2 updates (daily)");
    expect(mail!.text).toContain("timeout");
    expect(mail!.text).toContain("dns");
    expect(mail!.headerLines.some((h) => h.key === "list-unsubscribe-post")).toBe(true);
    expect(await db.prisma.delivery.count({ where: { subscriptionId: daily.id, status: "sent" } })).toBe(2);
    mailer?.close();
  });

  it("are only for channels that have them (email)", async () => {
    const service = new SubscriptionService(db.prisma, notifyConfig(), silentLog, net);
    const r = await service.create({ channel: "slack", target: "https://hooks.slack.com/services/T/B/x", digest: "daily" });
    expect(r).toEqual({ ok: false, kind: "no-digests", channel: "slack" });
  });
});
