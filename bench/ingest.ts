import type { Snapshot } from "../src/domain/snapshot";
import { parseStatuspage } from "../src/sources/statuspage/parse";
import { diffSnapshot } from "../src/timeline/diff";
import { ingestSnapshot } from "../src/timeline/ingest";
import { loadStoredState } from "../src/timeline/store";
import { prismaSql } from "../src/db/sql";
import { benchDatabase, timed } from "./support";

/** Statuspage JSON with `n` incidents of `u` updates each, like a busy page's incidents.json. */
function page(n: number, u: number, resolvedUpTo: number) {
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const incidents = Array.from({ length: n }, (_, i) => ({
    id: `inc${i}`,
    name: `Incident ${i}`,
    status: i < resolvedUpTo ? "resolved" : "investigating",
    impact: "minor",
    created_at: new Date(t0 + i * 3_600_000).toISOString(),
    updated_at: new Date(t0 + i * 3_600_000 + u * 60_000).toISOString(),
    incident_updates: Array.from({ length: u }, (_, k) => ({
      id: `inc${i}-u${k}`,
      status: k === u - 1 && i < resolvedUpTo ? "resolved" : "investigating",
      body: `Update ${k} with some text that is about as long as a real update body usually is.`,
      created_at: new Date(t0 + i * 3_600_000 + k * 60_000).toISOString(),
      display_at: new Date(t0 + i * 3_600_000 + k * 60_000).toISOString(),
      affected_components: [{ code: "c1", name: "API", old_status: "operational", new_status: "degraded_performance" }],
    })),
  }));
  const components = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `Component ${i}`, status: "operational", group: false }));
  return { page: { id: "bench", url: "https://bench.test" }, status: { indicator: "none" }, components, incidents };
}

async function main() {
  const N = Number(process.env.BENCH_INCIDENTS ?? 500);
  const U = Number(process.env.BENCH_UPDATES ?? 5);
  process.stdout.write(`ingest benchmark: ${N} incidents x ${U} updates, 40 components\n`);
  const db = await benchDatabase();
  try {
    await db.prisma.provider.create({ data: { id: "bench", name: "Bench", kind: "statuspage", url: "https://bench.test" } });
    const raw = page(N, U, N - 10);
    const text = JSON.stringify(raw);
    const snap: Snapshot = await timed(`parse ${Math.round(text.length / 1024)} KiB summary (JSON.parse + parser)`, () =>
      parseStatuspage({ summary: JSON.parse(text) }, "https://bench.test"),
    );
    await timed("first sync (backfill): diff + write all rows and events", () => ingestSnapshot(db.prisma, "bench", snap, {}, new Date()));
    await timed("poll of an unchanged page (load state + diff, no writes)", () => ingestSnapshot(db.prisma, "bench", snap, {}, new Date()));
    const { stored } = (await db.prisma.$transaction((tx) => loadStoredState(prismaSql(tx), "bench", snap)))!;
    await timed("pure diff of the unchanged snapshot x100", () => {
      for (let i = 0; i < 100; i++) diffSnapshot(stored, snap, new Date());
    });
    const next = parseStatuspage({ summary: page(N, U, N) }, "https://bench.test");
    await timed("poll resolving the 10 open incidents", () => ingestSnapshot(db.prisma, "bench", next, {}, new Date()));
    process.stdout.write(
      `rows: ${await db.prisma.incident.count()} incidents, ${await db.prisma.incidentUpdate.count()} updates, ${await db.prisma.event.count()} events\n`,
    );
  } finally {
    await db.stop();
  }
}

void main();
