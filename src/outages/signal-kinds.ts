import type { z } from "zod";
import { downdetector } from "../sources/downdetector";
import { readReportSignal } from "../sources/downdetector/parse";
import type { HttpFetcher } from "../sources/fetch/http";
import { invalidPayload } from "../sources/errors";
import { probe } from "../sources/probe";
import { judgeProbes, type ProbeOptions } from "../sources/probe/parse";

/** One observation at the source's own time; crowd kinds fill reports/baseline, probes ok/detail. */
export interface SignalObservation {
  at: Date;
  reports?: number;
  baseline?: number;
  ok?: boolean;
  detail?: string;
}

export type SignalClass = "crowd" | "probe";

/**
 * A kind of early-warning signal. `read` does the I/O and hands the payload to the same pure parsers
 * the page kinds use; it throws SourceError on any failure.
 */
export interface SignalKind {
  kind: string;
  class: SignalClass;
  options: z.ZodType<unknown>;
  read(url: string, options: Record<string, unknown>, http: HttpFetcher, now: Date): Promise<SignalObservation[]>;
}

async function readCrowd(url: string, http: HttpFetcher): Promise<SignalObservation[]> {
  const res = await http.get({ url, accept: "application/json, text/html;q=0.9" });
  if (res.kind !== "body") throw invalidPayload(`${url} sent nothing`);
  // Each point keeps its own `at`: the series' time, not when statuswatch read it.
  return readReportSignal(res.body).points.map((p) => ({ at: p.at, reports: p.reports, baseline: p.baseline }));
}

const crowd = (kind: string): SignalKind => ({
  kind,
  class: "crowd",
  options: downdetector.options,
  read: (url, _options, http) => readCrowd(url, http),
});

const probeSignal: SignalKind = {
  kind: "probe",
  class: "probe",
  options: probe.options,
  async read(url, raw, http, now) {
    const options = raw as ProbeOptions;
    const results = [];
    for (let i = 0; i < (options.attempts ?? 3); i++) {
      results.push(await http.probe(url, { method: options.method ?? "GET", timeoutMs: options.timeoutMs ?? 5000 }));
    }
    const judged = judgeProbes(url, results, options);
    const ok = judged.status === "operational" || judged.status === "degraded_performance";
    return [{ at: now, ok, detail: judged.statusDescription }];
  },
};

/** Every signal kind, keyed by the catalog's `signals[].kind`. */
export const SIGNAL_KINDS: Record<string, SignalKind> = {
  downdetector: crowd("downdetector"),
  "reports-json": crowd("reports-json"),
  probe: probeSignal,
};

/** The kinds whose series are crowd reports (reports and baseline), as the detector and the outage pages read them. */
export const CROWD_KINDS: readonly string[] = Object.values(SIGNAL_KINDS)
  .filter((k) => k.class === "crowd")
  .map((k) => k.kind);

export function signalKind(kind: string): SignalKind | undefined {
  return Object.hasOwn(SIGNAL_KINDS, kind) ? SIGNAL_KINDS[kind] : undefined;
}
