import { IncomingWebhook, type IncomingWebhookSendArguments } from "@slack/webhook";
import { z } from "zod";
import { fail, type SendResult } from "../errors";
import { formatDuration, type NotifyMessage, type Severity } from "../message";
import { normalizeUrl } from "../targets";
import type { ChannelImpl, RenderContext, SendDeps } from "./types";

export interface SlackPayload {
  text: string;
  blocks: NonNullable<IncomingWebhookSendArguments["blocks"]>;
}

const MARKER: Record<Severity, string> = {
  critical: ":red_circle:",
  major: ":large_orange_circle:",
  minor: ":large_yellow_circle:",
  maintenance: ":wrench:",
  recovered: ":large_green_circle:",
  info: ":information_source:",
};

const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

/** Slack mrkdwn control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;
}

function render(m: NotifyMessage, ctx: RenderContext): SlackPayload {
  const marker = MARKER[m.severity];
  const lasted = m.durationSeconds !== undefined ? ` — lasted ${formatDuration(m.durationSeconds)}` : "";
  const summary = [`${marker} *${escapeMrkdwn(m.transition)}*${escapeMrkdwn(lasted)}`];
  if (m.impact) summary.push(`*Impact:* ${escapeMrkdwn(m.impact)}`);
  if (m.components.length) summary.push(`*Affected:* ${escapeMrkdwn(m.components.join(", "))}`);
  const links = [m.statusPageUrl && link(m.statusPageUrl, "Status page"), m.statuswatchUrl && link(m.statuswatchUrl, "In statuswatch")].filter(Boolean);

  const blocks: SlackPayload["blocks"] = [
    { type: "header", text: { type: "plain_text", text: cut(`${m.providerName}: ${m.title}`, HEADER_LIMIT), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: cut(summary.join("\n"), SECTION_LIMIT) } },
  ];
  if (m.latestUpdate) {
    // Cut before escaping would let an entity be split; cut the escaped text, leaving room for the ellipsis.
    blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(`>${escapeMrkdwn(m.latestUpdate).replace(/\n/g, "\n>")}`, SECTION_LIMIT) } });
  }
  if (ctx.voteUrls) {
    blocks.push({
      type: "actions",
      elements: [
        { type: "button", text: { type: "plain_text", text: "I'm affected" }, url: ctx.voteUrls.affected, style: "danger", action_id: "outage_affected" },
        { type: "button", text: { type: "plain_text", text: "Not affected" }, url: ctx.voteUrls.notAffected, action_id: "outage_not_affected" },
      ],
    });
  }
  if (links.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: links.join("  ·  ") }] });
  // Slack reads `text` as mrkdwn too (notifications, fallback): escaped like the blocks, so a title
  // cannot carry a <!channel> mention or a disguised link.
  return { text: cut(`${marker} [${escapeMrkdwn(m.tag)}] ${escapeMrkdwn(m.providerName)}: ${escapeMrkdwn(m.title)}${escapeMrkdwn(lasted)}`, 3000), blocks };
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch says only "fetch failed"; somewhere down its cause chain is why (ECONNREFUSED, a reset…). */
function networkCause(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
    e = (e as { original?: unknown; cause?: unknown }).original ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function send(payload: SlackPayload, target: string, deps: SendDeps): Promise<SendResult> {
  let retryAfter: string | null = null;
  let failedBecause: string | undefined;
  const webhook = new IncomingWebhook(target, {
    timeout: deps.timeoutMs,
    // To read Retry-After and the network cause, which the library's error does not keep.
    fetch: async (input, init) => {
      try {
        const res = await fetch(input, init);
        retryAfter = res.headers.get("retry-after");
        return res;
      } catch (err) {
        // Read here: the library may rewrap the error without its cause.
        failedBecause = networkCause(err);
        throw err;
      }
    },
  });
  try {
    await webhook.send(payload);
    return { ok: true };
  } catch (err) {
    const e = err as { statusCode?: number; body?: string; message?: string };
    if (typeof e.statusCode === "number") {
      const reason = `Slack answered HTTP ${e.statusCode}${e.body ? `: ${e.body.slice(0, 200)}` : ""}`;
      if (e.statusCode === 429) return fail("retryable", reason, retryAfterMs(retryAfter), true);
      // A malformed message stays malformed; anything else (a receiver down or refusing) may pass later.
      if (e.statusCode === 400 || e.statusCode === 413) return fail("permanent", reason);
      return fail("retryable", reason, retryAfterMs(retryAfter));
    }
    const why = failedBecause ?? networkCause(err);
    return fail("retryable", `Slack request failed: ${e.message ?? String(err)}${why ? ` (${why})` : ""}`);
  }
}

export const slack: ChannelImpl<SlackPayload> = {
  // Stored as it will be called, so what the allowlist approved is what gets the messages.
  settings: z.string().url().max(2000).transform(normalizeUrl),
  render,
  send,
};
