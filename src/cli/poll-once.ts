import { pollProviders } from "../poller/poll-provider";
import { watchedEntries } from "../poller/watched-entries";
import { prepareService } from "../service";
import { runCli } from "./run";

/** One poll cycle over every watched provider (the providers table); exit 0 unless the service itself cannot work. */
void runCli(async (config, log) => {
  const service = await prepareService(config, log);
  try {
    const outcomes = await pollProviders(service.pollDeps, await watchedEntries(service.db.prisma), config.polling.concurrency);
    for (const o of outcomes) {
      const detail = o.result === "failed" ? `failed: ${o.reason}` : o.result;
      process.stdout.write(`${o.providerId}: ${detail}\n`);
      // stdout keeps one line per provider for scripts; what was left out goes to stderr.
      if (o.skipped?.length) process.stderr.write(`${o.providerId}: ${o.skipped.length} item(s) left out: ${o.skipped.slice(0, 5).join("; ")}\n`);
    }
  } finally {
    await service.close();
  }
});
