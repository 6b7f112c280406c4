import type { IncomingWebhookSendArguments } from "@slack/webhook";
import { z } from "zod";
import { NetError, parseRetryAfter } from "../../net";
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

/** What Slack answers fits in this; the reason keeps the first 200 characters. */
const REPLY_BYTES = 16 * 1024;

async function send(payload: SlackPayload, target: string, deps: SendDeps): Promise<SendResult> {
  let res;
  try {
    // Slack answers in place; a redirect is not followed, as @slack/webhook never followed one.
    res = await deps.request(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      timeoutMs: deps.timeoutMs,
      maxBodyBytes: REPLY_BYTES,
      followRedirects: false,
    });
  } catch (err) {
    if (err instanceof NetError && err.kind === "blocked") return fail("permanent", `Slack request refused: ${err.message}`);
    const e = err as NetError;
    return fail("retryable", `Slack request failed: ${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ""}`);
  }
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const body = res.body.toString("utf8");
  const reason = `Slack answered HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`;
  const retryAfter = parseRetryAfter(res.headers["retry-after"]);
  if (res.status === 429) return fail("retryable", reason, retryAfter, true);
  // A malformed message stays malformed; anything else (a receiver down or refusing) may pass later.
  if (res.status === 400 || res.status === 413) return fail("permanent", reason);
  return fail("retryable", reason, retryAfter);
}

export const slack: ChannelImpl<SlackPayload> = {
  // Stored as it will be called, so what the allowlist approved is what gets the messages.
  settings: z.string().url().max(2000).transform(normalizeUrl),
  render,
  send,
};
