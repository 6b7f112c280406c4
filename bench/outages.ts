import { loadConfig } from "../src/config";
import { evaluateProvider } from "../src/outages/episodes";
import { ReportService } from "../src/outages/reports";
import { storePoints } from "../src/outages/signal-poller";
import { benchDatabase, timed } from "./support";

/** Cost of early warning per provider: storing a signal series, one judgement from the database, one report. */
async function main() {
  const DAYS = Number(process.env.BENCH_DAYS ?? 14);
  const STEP_MIN = 15;
  const cfg = loadConfig({ API_KEY: "bench-key-0123456789" }).outages;
  const n = Math.round((DAYS * 24 * 60) / STEP_MIN);
  process.stdout.write(`outages benchmark: ${DAYS} days of crowd points every ${STEP_MIN} min (${n} points), one provider\n`);
  const db = await benchDatabase();
  try {
    await db.prisma.provider.create({ data: { id: "bench", name: "Bench", kind: "statuspage", url: "https://bench.test" } });
    const src = await db.prisma.signalSource.create({ data: { providerId: "bench", key: "reports-json x", kind: "reports-json", url: "https://crowd.test" } });
    const t0 = Date.now() - DAYS * 86_400_000;
    const points = Array.from({ length: n }, (_, i) => ({ at: new Date(t0 + i * STEP_MIN * 60_000), reports: 1 + (i % 7), baseline: 3 }));
    await timed(`store ${n} points (first read of the series)`, () => storePoints(db.prisma, src.id, points));
    await timed(`store the same ${n} points again (re-read: no row written)`, () => storePoints(db.prisma, src.id, points));
    await timed("evaluate the provider x20 (load input + judge + episode step)", async () => {
      for (let i = 0; i < 20; i++) await evaluateProvider(db.prisma, "bench", cfg);
    });
    const reports = new ReportService(db.prisma, cfg);
    await timed("200 reports from distinct reporters (counted, no evaluation)", async () => {
      for (let i = 0; i < 200; i++) await reports.submit({ providerId: "bench", reporter: `r${i}`, via: "api", affected: true });
    });
    await timed("200 reports from one flooding reporter (refused past the limit)", async () => {
      for (let i = 0; i < 200; i++) await reports.submit({ providerId: "bench", reporter: "flood", via: "api", affected: true }).catch(() => undefined);
    });
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
