import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { loadConfig } from "../src/config";
import { Dispatcher } from "../src/notify/dispatcher";
import { DEFAULT_EVENT_KINDS, fanOut } from "../src/notify/fanout";
import { benchDatabase, timed } from "./support";

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);

/** Fan-out of one event to 10,000 subscriptions, then delivery of all of them to a local Slack stand-in. */
async function main() {
  const db = await benchDatabase();
  let received = 0;
  const slack = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => slack.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/`;
  try {
    const { prisma } = db;
    await prisma.provider.create({ data: { id: "bench", name: "Bench", kind: "statuspage", url: "https://bench.test" } });
    await timed(`create ${SUBSCRIPTIONS} subscriptions`, async () => {
      for (let i = 0; i < SUBSCRIPTIONS; i += 1000) {
        await prisma.subscription.createMany({
          data: Array.from({ length: Math.min(1000, SUBSCRIPTIONS - i) }, (_, k) => ({
            channel: "slack" as const,
            target: `${base}services/T/B/${i + k}`,
            // A realistic mix of filters, all of which this major incident passes.
            providers: (i + k) % 3 === 0 ? ["bench"] : [],
            minImpact: (i + k) % 10 === 0 ? ("major" as const) : ("none" as const),
            events: [...DEFAULT_EVENT_KINDS],
            confirmedAt: new Date(),
          })),
        });
      }
    });
    const incident = await prisma.incident.create({
      data: {
        providerId: "bench",
        externalId: "i1",
        title: "Elevated errors",
        status: "investigating",
        impact: "major",
        startedAt: new Date(),
        components: ["API"],
      },
    });
    await prisma.event.create({
      data: {
        providerId: "bench",
        kind: "incident_opened",
        incidentId: incident.id,
        toStatus: "investigating",
        occurredAt: new Date(),
        dedupeKey: "bench:opened",
      },
    });
    const config = { ...loadConfig({ API_KEY: "bench-api-key-0123456789", WEBHOOK_ALLOWLIST: base }).notify, concurrency: 64 };
    const r = await timed("fan out 1 event → delivery rows", () => fanOut(prisma, config));
    process.stdout.write(`  deliveries written: ${r.deliveries}\n`);
    const again = await timed("fan out again (nothing new, idempotent)", () => fanOut(prisma, config));
    process.stdout.write(`  deliveries written: ${again.deliveries}\n`);

    const dispatcher = new Dispatcher({ prisma, config, log: pino({ level: "silent" }) });
    await timed(`deliver ${r.deliveries} to local Slack stand-in (concurrency ${config.concurrency})`, async () => {
      while ((await dispatcher.deliverBatch()) > 0);
    });
    const sent = await prisma.delivery.count({ where: { status: "sent" } });
    process.stdout.write(`  sent: ${sent}, received by stand-in: ${received}\n`);
  } finally {
    slack.close();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
