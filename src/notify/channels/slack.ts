import { z } from "zod";
import { formatDuration, type NotifyMessage, type Severity } from "../message";
import { maskUrl, normalizeUrl } from "../urls";
import { cut, postAndJudge } from "./http";
import type { ChannelDefinition, RenderContext } from "./types";

/** An incoming-webhook message with Block Kit blocks. */
export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
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

export const slack = {
  // Stored as it will be called, so what the allowlist approved is what gets the messages.
  target: z.string().url().max(2000).transform(normalizeUrl),
  targetHint: "must be a URL",
  config: z.object({}).strict() as z.ZodType<Record<string, never>>,
  trustedHosts: ["hooks.slack.com"],
  urls: (d) => [d.target],
  mask: (d) => ({ target: maskUrl(d.target), config: {} }),
  render,
  send: (payload, d, ctx) => postAndJudge("Slack", ctx, d.target, payload),
} satisfies ChannelDefinition<Record<string, never>, SlackPayload>;
