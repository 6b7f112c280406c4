import type { AddressInfo } from "node:net";
import pino from "pino";
import { createApi } from "../src/api/app";
import { benchDatabase } from "./support";

/**
 * `/` with many providers and a year of history: p50/p95 of the full request on loopback
 * (query + render + send), sequential, after warm-up.
 */
async function main() {
  const P = Number(process.env.BENCH_PROVIDERS ?? 300);
  const C = Number(process.env.BENCH_COMPONENTS ?? 5);
  const EVERY_H = Number(process.env.BENCH_CHANGE_EVERY_HOURS ?? 48);
  const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 60), 500);
  const db = await benchDatabase();
  try {
    const t0 = Date.now();
    const cats = ["cloud", "ai", "devtools", "payments", "communication", "observability"];
    await db.prisma.$executeRawUnsafe(`
      insert into providers (id, name, kind, url, category, status, last_success_at, last_polled_at)
      select 'p' || i, 'Provider ' || i, 'statuspage', 'https://status.p' || i || '.test', (array['${cats.join("','")}'])[1 + i % ${cats.length}],
             (case when i % 25 = 0 then 'major_outage' else 'operational' end)::"ComponentStatus", now(), now()
      from generate_series(1, ${P}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into components (provider_id, external_id, name, status, updated_at)
      select 'p' || i, 'c' || j, 'Component ' || j, 'operational', now() from generate_series(1, ${P}) i, generate_series(1, ${C}) j`);
    // A change every EVERY_H hours per component for a year, alternating into a short outage and back.
    await db.prisma.$executeRawUnsafe(`
      insert into component_status_changes (component_id, from_status, to_status, at)
      select c.id, null,
             (case when k % 2 = 0 then 'operational' when k % 7 = 1 then 'major_outage' when k % 3 = 1 then 'partial_outage' else 'degraded_performance' end)::"ComponentStatus",
             now() - interval '365 days' + (k * ${EVERY_H} || ' hours')::interval + (case when k % 2 = 1 then interval '0' else interval '-46 hours' end)
      from components c, generate_series(0, ${Math.floor((365 * 24) / EVERY_H)}) k`);
    await db.prisma.$executeRawUnsafe(`
      insert into incidents (provider_id, external_id, title, status, impact, started_at, resolved_at)
      select 'p' || (1 + i % ${P}), 'i' || i, 'Incident ' || i, (case when i % 400 = 0 then 'investigating' else 'resolved' end)::"IncidentStatus", 'minor',
             now() - (i || ' hours')::interval, now() - (i || ' hours')::interval + interval '1 hour'
      from generate_series(1, ${P * 10}) i`);
    await db.prisma.$executeRawUnsafe(`
      insert into events (provider_id, kind, component_id, from_status, to_status, occurred_at, dedupe_key)
      select c.provider_id, 'component_status_changed', c.id, 'operational', 'degraded_performance', now() - (k || ' hours')::interval, 'b' || c.id || '-' || k
      from components c, generate_series(1, 20) k`);
    await db.prisma.$executeRawUnsafe("analyze");
    const rows = await db.prisma.componentStatusChange.count();
    process.stdout.write(`dashboard benchmark: ${P} providers x ${C} components, ${rows} status changes over a year, seeded in ${Date.now() - t0} ms\n`);
    if (process.env.BENCH_PROFILE) {
      const { DashboardService } = await import("../src/services/dashboard");
      const { UptimeService } = await import("../src/services/uptime");
      const { renderDashboard } = await import("../src/dashboard/page");
      const ids = (await db.prisma.provider.findMany({ select: { id: true } })).map((p) => p.id);
      for (let i = 0; i < 3; i++) {
        let t = performance.now();
        await new UptimeService(db.prisma).barsByProvider(ids, 90);
        const bars = performance.now() - t;
        t = performance.now();
        const data = await new DashboardService(db.prisma).load({});
        const load = performance.now() - t;
        t = performance.now();
        const html = renderDashboard(data);
        process.stdout.write(
          `profile: bars ${bars.toFixed(0)} ms, load ${load.toFixed(0)} ms, render ${(performance.now() - t).toFixed(0)} ms (${html.length} chars)\n`,
        );
      }
    }
    const app = createApi({ prisma: db.prisma, log: pino({ level: "silent" }) });
    const server = await new Promise<import("node:http").Server>((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      let bytes = 0;
      for (let i = 0; i < 3; i++) bytes = (await (await fetch(url)).text()).length;
      const times: number[] = [];
      const deadline = Date.now() + 120_000;
      for (let i = 0; i < RUNS && Date.now() < deadline; i++) {
        const start = performance.now();
        const res = await fetch(url);
        await res.text();
        if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      process.stdout.write(`GET / (${Math.round(bytes / 1024)} KiB): n=${times.length} p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms\n`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
