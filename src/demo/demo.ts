import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config";
import { createDatabase } from "../db/embedded";
import type { Logger } from "../logger";
import { EventService } from "../services/events";
import { startService } from "../service";
import { OUTAGE_STAGES, statuspageAt } from "./outage-script";

export interface DemoOptions {
  config: Config;
  log: Logger;
  /** How long each stage of the outage lasts (the page's own clock moves a minute per stage). */
  stepMs: number;
  out: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serves the outage script's JSON for whatever stage is current. */
function startSimulatedPage(stage: () => number, startMs: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const docs = statuspageAt(stage(), base, startMs, 60_000);
    const path = (req.url ?? "").split("?")[0];
    const body =
      path === "/api/v2/summary.json" ? docs.summary : path === "/api/v2/incidents.json" ? docs.incidents : path === "/api/v2/scheduled-maintenances.json" ? docs.maintenances : undefined;
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function describeEvent(e: { kind: string; from: string | null; to: string | null; title: string | null; component: string | null }): string {
  const change = e.from ? `${e.from} → ${e.to}` : (e.to ?? "");
  const subject = e.title ?? e.component ?? "";
  return `${e.kind.padEnd(26)} ${subject ? `${subject}: ` : ""}${change}`;
}

/**
 * The whole service (API, scheduler, timeline) against a local page that replays an outage, printing
 * the timeline as it grows. Uses its own database so a real installation's data is never touched.
 */
export async function runDemo(opts: DemoOptions): Promise<void> {
  const { out } = opts;
  let stage = 0;
  // The page's clock: one minute per stage, ending about now.
  const startMs = Date.now() - OUTAGE_STAGES.length * 60_000;
  const page = await startSimulatedPage(() => stage, startMs);
  const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  const config: Config = {
    ...opts.config,
    port: 0,
    host: "127.0.0.1",
    databaseUrl: opts.config.databaseUrl,
    polling: { ...opts.config.polling, enabled: true },
    http: { ...opts.config.http, retries: 0, timeoutMs: 2000 },
  };
  if (!config.databaseUrl) {
    // A separate database on the embedded server, recreated for every replay.
    const { ensureEmbeddedPostgres } = await import("../db/embedded");
    const pg = await ensureEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: "postgres", log: opts.log });
    const admin = pg.url;
    const { Client } = await import("pg");
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query("drop database if exists statuswatch_demo with (force)").finally(() => c.end());
    await createDatabase(admin, "statuswatch_demo");
    config.databaseUrl = admin.replace(/\/postgres$/, "/statuswatch_demo");
    opts.log.debug({ owner: pg.owner }, "demo database ready");
  }

  out(`statuswatch demo: simulated status page at ${pageUrl}, one stage every ${opts.stepMs / 1000}s`);
  const service = await startService(config, opts.log, {
    entries: [{ id: "anthropic-sim", name: "Anthropic (simulated)", kind: "statuspage", url: pageUrl, pollIntervalSeconds: 1, category: "ai", options: {} }],
    tickSeconds: 1,
  });
  out(`API: http://127.0.0.1:${service.port}/api/v1/incidents`);
  const events = new EventService(service.db.prisma);
  let afterId: number | undefined;
  const printNew = async () => {
    for (let page = 0; page < 20; page++) {
      const batch = await events.list({ includeBackfill: true, limit: 100, afterId });
      for (const e of batch.items) {
        out(`  ${e.at.toISOString().slice(11, 19)}  ${describeEvent(e)}${e.backfill ? "  (backfill)" : ""}`);
        afterId = e.id;
      }
      if (!batch.next) break;
    }
  };
  try {
    for (stage = 0; stage < OUTAGE_STAGES.length; stage++) {
      out(`\n[stage ${stage + 1}/${OUTAGE_STAGES.length}] page now shows: ${OUTAGE_STAGES[stage]!.label}`);
      const until = Date.now() + opts.stepMs;
      while (Date.now() < until) {
        await sleep(Math.min(250, opts.stepMs));
        await printNew();
      }
    }
    stage = OUTAGE_STAGES.length - 1;
    await sleep(1500);
    await printNew();
    const res = await fetch(`http://127.0.0.1:${service.port}/api/v1/incidents?provider=anthropic-sim`);
    const list = (await res.json()) as { data: { id: number }[] };
    const first = list.data[0];
    if (first) {
      const detail = (await (await fetch(`http://127.0.0.1:${service.port}/api/v1/incidents/${first.id}`)).json()) as {
        data: { title: string; status: string; durationSeconds: number | null; transitions: { from: string | null; to: string; at: string }[] };
      };
      out(`\nIncident "${detail.data.title}" is ${detail.data.status} after ${detail.data.durationSeconds ?? "?"}s (page clock).`);
      out(`Transitions: ${detail.data.transitions.map((t) => t.to).join(" → ")}`);
    } else {
      out("\nNo incident was recorded.");
    }
  } finally {
    await service.stop();
    await new Promise((r) => page.close(r));
  }
}
