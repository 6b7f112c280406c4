import { EVENT_CONTRACT } from "../../src/events/contract";
import { loadConfig } from "../../src/config";
import { channels } from "../../src/notify/channels";
import { buildMessage } from "../../src/notify/message";
import { evaluateProvider } from "../../src/outages/episodes";
import { storePoints } from "../../src/outages/signal-poller";
import { readVoteToken, voteToken } from "../../src/outages/vote-tokens";
import { freshDatabase, type TestDatabase } from "../support/db";
import { API_KEY } from "../support/notify";

const MIN = 60_000;
const cfg = loadConfig({ API_KEY }).outages;
const T = Date.parse("2026-06-01T09:00:00Z");

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
  for (const [id, name] of [
    ["crowdco", "Crowd & <Co>"],
    ["teamco", "Teamco"],
    ["ackco", "Ackco"],
  ] as const) {
    await db.prisma.provider.create({ data: { id, name, kind: "statuspage", url: `https://status.${id}.test` } });
  }
  await db.prisma.signalSource.create({ data: { providerId: "crowdco", key: "reports-json x", kind: "reports-json", url: "https://crowd.test/x" } });
});
afterAll(() => db.drop());

const outageEvents = (providerId: string) =>
  db.prisma.event.findMany({ where: { providerId, kind: { in: ["outage_suspected", "outage_confirmed", "outage_cleared"] } }, orderBy: { id: "asc" } });

describe("outage episodes in the database", () => {
  it("a strong crowd spike that the page never admits is cleared as an unacknowledged outage once signals are quiet for 30 min", async () => {
    const source = await db.prisma.signalSource.findFirstOrThrow({ where: { providerId: "crowdco" } });
    const counts = [1, 2, 1, 1, 1, 1, 120, 300, 250, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1];
    for (let i = 0; i < counts.length; i++) {
      await storePoints(db.prisma, source.id, [{ at: new Date(T + i * 5 * MIN), reports: counts[i]!, baseline: 1 }]);
      await evaluateProvider(db.prisma, "crowdco", cfg, new Date(T + 600 * MIN));
    }
    const [suspected, cleared] = await outageEvents("crowdco");
    // Written through the event contract: each fits its kind's data schema, keys keep their form.
    for (const e of [suspected!, cleared!]) expect(EVENT_CONTRACT[e.kind].data.safeParse(e.data).success).toBe(true);
    expect([suspected!.dedupeKey, cleared!.dedupeKey]).toEqual([
      expect.stringMatching(/^crowdco:outage:\d+:open$/),
      expect.stringMatching(/^crowdco:outage:\d+:clear$/),
    ]);
    expect(suspected).toMatchObject({ kind: "outage_suspected", occurredAt: new Date(T + 30 * MIN) });
    expect(cleared).toMatchObject({ kind: "outage_cleared", toStatus: "unacknowledged" });
    const episode = await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "crowdco" } });
    expect(episode).toMatchObject({ state: "unacknowledged", suspectedAt: new Date(T + 30 * MIN), leadSeconds: null });
    expect(episode.endedAt!.getTime() - episode.lastAbnormalAt.getTime()).toBeGreaterThanOrEqual(30 * MIN);
    // What raised it is still on the row once the signals have gone quiet (the API and page show it).
    expect(episode.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ signal: expect.stringMatching(/crowd/), fired: true })]));

    const cfgNotify = loadConfig({ API_KEY, PUBLIC_URL: "http://sw.test" }).notify;
    const s = await buildMessage(db.prisma, suspected!.id, cfgNotify.publicUrl);
    expect(s.title).toBe("Possible outage — not yet acknowledged by Crowd & <Co>");
    expect(s.latestUpdate).toMatch(/^Signals that fired:\n• crowd: /);
    // Every channel links the outage's page, not the API.
    expect(s.statuswatchUrl).toBe(`http://sw.test/outages/${episode.id}`);
    const voteUrls = { affected: "http://sw.test/outages/vote?token=a", notAffected: "http://sw.test/outages/vote?token=b" };
    const slack = channels.slack.render(s, { publicUrl: "http://sw.test", messageId: "<m@sw>", deliveryKey: "e1.s1", voteUrls });
    expect(slack.text).toContain("Crowd &amp; &lt;Co&gt;");
    expect(JSON.stringify(slack.blocks)).toContain('"url":"http://sw.test/outages/vote?token=a"');
    expect(JSON.stringify(slack.blocks)).toContain(`<http://sw.test/outages/${episode.id}|In statuswatch>`);
    const mail = channels.email.render(s, {
      publicUrl: "http://sw.test",
      messageId: "<m@sw>",
      deliveryKey: "e1.s1",
      voteUrls,
      unsubscribeUrl: "http://sw.test/u",
    });
    expect(mail.subject).toBe("[Possible outage] Crowd & <Co>: Possible outage — not yet acknowledged by Crowd & <Co>");
    expect(mail.html).toContain("Crowd &amp; &lt;Co&gt;");
    expect(mail.text).toContain("I'm affected: http://sw.test/outages/vote?token=a");
    expect(mail.text).toContain("Not affected: http://sw.test/outages/vote?token=b");
    expect(mail.text).toContain(`In statuswatch: http://sw.test/outages/${episode.id}`);
    expect(mail.text).not.toContain("/api/v1/outages");
    const c = await buildMessage(db.prisma, cleared!.id, cfgNotify.publicUrl);
    expect(c.transition).toBe("Signals are back to normal; Crowd & <Co>'s status page never acknowledged the outage");
    expect(c.outage?.votable).toBe(false);
  });

  it("three reporters that fade without an incident end as a false alarm, judged on the wall clock", async () => {
    for (const reporter of ["a", "b", "c"]) {
      await db.prisma.userReport.create({ data: { providerId: "teamco", reporter, via: "api", counted: true, at: new Date(T) } });
    }
    await evaluateProvider(db.prisma, "teamco", cfg, new Date(T + MIN));
    expect((await outageEvents("teamco")).map((e) => e.kind)).toEqual(["outage_suspected"]);
    await evaluateProvider(db.prisma, "teamco", cfg, new Date(T + 20 * MIN));
    expect((await outageEvents("teamco")).map((e) => e.kind)).toEqual(["outage_suspected"]);
    await evaluateProvider(db.prisma, "teamco", cfg, new Date(T + 45 * MIN));
    const events = await outageEvents("teamco");
    expect(events.map((e) => `${e.kind}:${e.toStatus}`)).toEqual(["outage_suspected:suspected", "outage_cleared:false_alarm"]);
    expect((await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "teamco" } })).state).toBe("false_alarm");
  });

  it("keeps the reasons that raised an outage once the page confirms it and the signals have gone quiet", async () => {
    for (const reporter of ["a", "b", "c"]) {
      await db.prisma.userReport.create({ data: { providerId: "ackco", reporter, via: "api", counted: true, at: new Date(T) } });
    }
    await evaluateProvider(db.prisma, "ackco", cfg, new Date(T + MIN));
    await db.prisma.incident.create({
      data: { providerId: "ackco", externalId: "i1", title: "Errors", status: "investigating", impact: "major", startedAt: new Date(T + 10 * MIN) },
    });
    await evaluateProvider(db.prisma, "ackco", cfg, new Date(T + 11 * MIN));
    // Hours later the reports are long out of the window; the incident is still open.
    await evaluateProvider(db.prisma, "ackco", cfg, new Date(T + 300 * MIN));
    const episode = await db.prisma.outageEpisode.findFirstOrThrow({ where: { providerId: "ackco" } });
    expect(episode.state).toBe("confirmed");
    expect(episode.reasons).toEqual([expect.objectContaining({ signal: expect.stringMatching(/report/), fired: true })]);
  });

  it("vote tokens are signed: tampering or another secret is refused", () => {
    const t = voteToken("s".repeat(32), { subscriptionId: 4, providerId: "acme", episodeId: 9, affected: true });
    expect(readVoteToken("s".repeat(32), t)).toEqual({ subscriptionId: 4, providerId: "acme", episodeId: 9, affected: true });
    expect(readVoteToken("x".repeat(32), t)).toBeUndefined();
    const [payload, mac] = t.split(".");
    const other = Buffer.from(JSON.stringify([4, "other", 9, 1])).toString("base64url");
    expect(readVoteToken("s".repeat(32), `${other}.${mac}`)).toBeUndefined();
    expect(readVoteToken("s".repeat(32), `${payload}.${mac}.x`)).toBeUndefined();
  });
});
