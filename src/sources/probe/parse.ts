import type { Snapshot } from "../../domain/snapshot";
import type { ComponentStatus } from "../../domain/status";
import type { ProbeResult } from "../fetch/http";

/**
 * A synthetic probe: statuswatch calls the provider's own endpoint (an API health URL, a login
 * page) a few times per poll and judges what a user would see. An endpoint that fails is the
 * signal here, not a broken source, so polls of this kind never fail.
 */
export interface ProbeOptions {
  method?: "GET" | "HEAD";
  /** Statuses that count as answering (default: any 2xx or 3xx). */
  expectStatus?: number[];
  /** Median time above this is degraded performance (default 2000 ms). */
  slowMs?: number;
  /** Requests per poll, judged together so one lost packet is not an outage (default 3). */
  attempts?: number;
  timeoutMs?: number;
  /** Name of the component the probe reports as (default "Probe <host>"). */
  component?: string;
}

function answered(r: ProbeResult, expect: number[] | undefined): boolean {
  if (r.status === undefined) return false;
  return expect ? expect.includes(r.status) : r.status >= 200 && r.status < 400;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** All attempts failing is a major outage, some failing a partial one, slow answers degraded. Pure. */
export function judgeProbes(url: string, results: ProbeResult[], options: ProbeOptions = {}): Snapshot {
  const ok = results.filter((r) => answered(r, options.expectStatus));
  const failures = results.filter((r) => !answered(r, options.expectStatus)).map((r) => r.error ?? `HTTP ${r.status}`);
  const slowMs = options.slowMs ?? 2000;
  const typical = median(ok.map((r) => r.ms));
  const status: ComponentStatus =
    ok.length === 0 ? "major_outage" : failures.length > 0 ? "partial_outage" : typical > slowMs ? "degraded_performance" : "operational";
  const description =
    failures.length === 0
      ? `${ok.length}/${results.length} answered, median ${typical} ms`
      : `${failures.length}/${results.length} failed: ${[...new Set(failures)].join(", ")}`;
  return {
    status,
    statusDescription: description,
    components: [{ externalId: "probe", name: options.component ?? `Probe ${new URL(url).host}`, status, description }],
    incidents: [],
    maintenances: [],
  };
}
