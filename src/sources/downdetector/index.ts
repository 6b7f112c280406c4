import { z } from "zod";
import { invalidPayload } from "../errors";
import { fetchDocuments, type SourceKind } from "../types";
import { type DowndetectorOptions, readReportSignal, snapshotFromReports } from "./parse";

export const downdetector: SourceKind<DowndetectorOptions> = {
  kind: "downdetector",
  options: z
    .object({ minReports: z.number().int().min(1).max(100_000).optional(), factor: z.number().min(1).max(100).optional() })
    .strict() as z.ZodType<DowndetectorOptions>,
  async poll(entry, ctx) {
    const fetched = await fetchDocuments(ctx, [{ url: entry.url, accept: "text/html, application/json;q=0.9" }]);
    if (fetched.kind === "unchanged") return fetched;
    const text = fetched.documents.get(entry.url);
    if (text === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    return { kind: "snapshot", snapshot: snapshotFromReports(readReportSignal(text), entry.options), validators: fetched.validators };
  },
};
