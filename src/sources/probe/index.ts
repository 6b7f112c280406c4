import { z } from "zod";
import type { ProbeResult } from "../fetch/http";
import type { SourceKind } from "../types";
import { type ProbeOptions, judgeProbes } from "./parse";

export const probe: SourceKind<ProbeOptions> = {
  kind: "probe",
  options: z
    .object({
      method: z.enum(["GET", "HEAD"]).optional(),
      expectStatus: z.array(z.number().int().min(100).max(599)).min(1).max(20).optional(),
      slowMs: z.number().int().min(1).max(120_000).optional(),
      attempts: z.number().int().min(1).max(10).optional(),
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
      component: z.string().trim().min(1).max(200).optional(),
    })
    .strict() as z.ZodType<ProbeOptions>,
  async poll(entry, ctx) {
    const results: ProbeResult[] = [];
    for (let i = 0; i < (entry.options.attempts ?? 3); i++) {
      results.push(await ctx.http.probe(entry.url, { method: entry.options.method ?? "GET", timeoutMs: entry.options.timeoutMs ?? 5000 }));
    }
    return { kind: "snapshot", snapshot: judgeProbes(entry.url, results, entry.options), validators: {} };
  },
};
