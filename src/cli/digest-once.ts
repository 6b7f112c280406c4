import { openDatabase } from "../db/database";
import { NetClient } from "../net";
import { DigestService } from "../notify/digest/service";
import { createMailer } from "../notify/dispatcher";
import { runCli } from "./run";

/** Sends every digest that is due now, prints how many, and exits; safe beside running instances. */
void runCli(async (config, log) => {
  const db = await openDatabase(config, log);
  const net = new NetClient({ concurrency: config.http.concurrency, userAgent: config.http.userAgent, nat64Allowlist: config.http.nat64Allowlist });
  const mailer = createMailer(config.notify);
  try {
    const sent = await new DigestService({ prisma: db.prisma, config: config.notify, log, mailer, net }).sendDue();
    process.stdout.write(`sent ${sent} digest${sent === 1 ? "" : "s"}\n`);
  } finally {
    mailer?.close();
    await net.close();
    await db.close();
  }
  return 0;
});
