import { IncomingWebhook, type IncomingWebhookSendArguments } from "@slack/webhook";
import { z } from "zod";
import { fail, type SendResult } from "../errors";
import { formatDuration, type NotifyMessage, type Severity } from "../message";
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

function render(m: NotifyMessage, _ctx: RenderContext): SlackPayload {
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
  if (links.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: links.join("  ·  ") }] });
  return { text: cut(`${marker} [${m.tag}] ${m.providerName}: ${m.title}${lasted}`, 3000), blocks };
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function send(payload: SlackPayload, target: string, deps: SendDeps): Promise<SendResult> {
  let retryAfter: string | null = null;
  const webhook = new IncomingWebhook(target, {
    timeout: deps.timeoutMs,
    // Only to read Retry-After, which the library's error does not keep.
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      retryAfter = res.headers.get("retry-after");
      return res;
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
    return fail("retryable", `Slack request failed: ${e.message ?? String(err)}`);
  }
}

export const slack: ChannelImpl<SlackPayload> = {
  settings: z.string().url().max(2000),
  render,
  send,
};
