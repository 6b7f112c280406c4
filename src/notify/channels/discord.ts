import { z } from "zod";
import { formatDuration, type NotifyMessage, type Severity } from "../message";
import { maskUrl, normalizeUrl } from "../urls";
import { answerResult, cut, isAnswer, postJson, type HttpAnswer } from "./http";
import type { ChannelDefinition, RenderContext } from "./types";

/** An execute-webhook body with one embed; mentions are switched off. */
export interface DiscordPayload {
  username: string;
  allowed_mentions: { parse: never[] };
  embeds: Array<{
    title: string;
    url?: string;
    description: string;
    color: number;
    fields: Array<{ name: string; value: string; inline?: boolean }>;
    timestamp: string;
    footer: { text: string };
  }>;
}

export const DISCORD_COLOR: Record<Severity, number> = {
  critical: 0xe01e5a,
  major: 0xf2952f,
  minor: 0xecb22e,
  maintenance: 0x439fe0,
  recovered: 0x2eb67d,
  info: 0x8d8d8d,
};

/** Discord markdown, escaped so upstream text stays text. */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>#[\]()<@-]/g, "\\$&");
}

function render(m: NotifyMessage, ctx?: RenderContext): DiscordPayload {
  const lasted = m.durationSeconds !== undefined ? ` — lasted ${formatDuration(m.durationSeconds)}` : "";
  const fields: DiscordPayload["embeds"][number]["fields"] = [{ name: "Status", value: escapeDiscord(m.tag), inline: true }];
  if (m.impact) fields.push({ name: "Impact", value: escapeDiscord(m.impact), inline: true });
  if (m.components.length) fields.push({ name: "Affected", value: cut(escapeDiscord(m.components.join(", ")), 1024) });
  const href = (url: string) => url.replace(/[()\s]/g, encodeURIComponent);
  const links = [
    m.statusPageUrl && `[Status page](${href(m.statusPageUrl)})`,
    m.statuswatchUrl && `[In statuswatch](${href(m.statuswatchUrl)})`,
    ctx?.voteUrls && `[I'm affected](${href(ctx.voteUrls.affected)})`,
    ctx?.voteUrls && `[Not affected](${href(ctx.voteUrls.notAffected)})`,
  ].filter(Boolean);
  if (links.length) fields.push({ name: "Links", value: links.join(" · ") });
  return {
    username: "statuswatch",
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: cut(`${m.providerName}: ${m.title}`, 256),
        url: m.statuswatchUrl ?? m.statusPageUrl,
        description: cut(`**${escapeDiscord(`${m.transition}${lasted}`)}**${m.latestUpdate ? `\n\n${escapeDiscord(m.latestUpdate)}` : ""}`, 4096),
        color: DISCORD_COLOR[m.severity],
        fields,
        timestamp: m.occurredAt.toISOString(),
        footer: { text: "statuswatch" },
      },
    ],
  };
}

/** Discord says how long to wait in the body (`retry_after`, seconds, fractional); the header is rounded. */
export function discordRetryAfterMs(a: HttpAnswer): number | undefined {
  try {
    const s = (JSON.parse(a.body) as { retry_after?: unknown }).retry_after;
    if (typeof s === "number" && Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
  } catch {
    // not JSON: fall back to the header
  }
  return undefined;
}

export const discord = {
  target: z.string().url().max(2000).transform(normalizeUrl),
  targetHint: "must be a URL",
  config: z.object({}).strict() as z.ZodType<Record<string, never>>,
  trustedHosts: ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"],
  urls: (d) => [d.target],
  mask: (d) => ({ target: maskUrl(d.target), config: {} }),
  render,
  async send(p, d, ctx) {
    const a = await postJson("Discord", ctx, d.target, JSON.stringify(p));
    if (!isAnswer(a)) return a;
    // An undefined wait falls back to the Retry-After header.
    return answerResult("Discord", a, discordRetryAfterMs(a));
  },
} satisfies ChannelDefinition<Record<string, never>, DiscordPayload>;
