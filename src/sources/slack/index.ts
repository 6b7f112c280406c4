import { z } from "zod";
import { invalidPayload } from "../errors";
import { parseJson } from "../parse/parse-helpers";
import { fetchDocuments, type SourceKind } from "../types";
import { type SlackOptions, parseSlack, defaultHistoryUrl } from "./parse";

export const slack: SourceKind<SlackOptions> = {
  kind: "slack",
  options: z.object({ historyUrl: z.string().url().optional() }).strict() as z.ZodType<SlackOptions>,
  async poll(entry, ctx) {
    const historyUrl = entry.options.historyUrl ?? defaultHistoryUrl(entry.url);
    const fetched = await fetchDocuments(ctx, [
      { url: entry.url, accept: "application/json" },
      ...(historyUrl ? [{ url: historyUrl, accept: "application/json", optional: true }] : []),
    ]);
    if (fetched.kind === "unchanged") return fetched;
    const current = fetched.documents.get(entry.url);
    if (current === undefined) throw invalidPayload(`${entry.url} sent nothing`);
    const history = historyUrl ? fetched.documents.get(historyUrl) : undefined;
    const snapshot = parseSlack(parseJson(current, "Slack current status"), history === undefined ? undefined : parseJson(history, "Slack history"));
    return { kind: "snapshot", snapshot, validators: fetched.validators };
  },
};
