import { z } from "zod";
import { formatDuration, type NotifyMessage } from "../message";
import { normalizeUrl } from "../urls";
import { cut, postAndJudge } from "./http";
import type { ChannelDefinition, RenderContext } from "./types";

/** A space webhook message: one cardsV2 card, in the incident's thread. */
export interface GoogleChatPayload {
  text: string;
  cardsV2: Array<{ cardId: string; card: Record<string, unknown> }>;
  thread?: { threadKey: string };
}

/** Card text widgets take a little HTML; plain text is escaped. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Message `text` has its own markup (`<users/all>` mentions everyone, `*bold*`): angle brackets and markers defused. */
function plain(text: string): string {
  return text
    .replace(/</g, "‹")
    .replace(/>/g, "›")
    .replace(/[*_~`]/g, "");
}

function render(m: NotifyMessage, ctx: RenderContext): GoogleChatPayload {
  const lasted = m.durationSeconds !== undefined ? ` — lasted ${formatDuration(m.durationSeconds)}` : "";
  const widgets: Array<Record<string, unknown>> = [{ decoratedText: { topLabel: "Status", text: html(`${m.transition}${lasted}`), wrapText: true } }];
  if (m.impact) widgets.push({ decoratedText: { topLabel: "Impact", text: html(m.impact) } });
  if (m.components.length) widgets.push({ decoratedText: { topLabel: "Affected", text: html(cut(m.components.join(", "), 500)), wrapText: true } });
  if (m.latestUpdate) widgets.push({ textParagraph: { text: html(cut(m.latestUpdate, 3000)) } });
  const buttons = [
    ...(m.statusPageUrl ? [{ text: "Status page", onClick: { openLink: { url: m.statusPageUrl } } }] : []),
    ...(m.statuswatchUrl ? [{ text: "In statuswatch", onClick: { openLink: { url: m.statuswatchUrl } } }] : []),
    ...(ctx.voteUrls
      ? [
          { text: "I'm affected", onClick: { openLink: { url: ctx.voteUrls.affected } } },
          { text: "Not affected", onClick: { openLink: { url: ctx.voteUrls.notAffected } } },
        ]
      : []),
  ];
  if (buttons.length) widgets.push({ buttonList: { buttons } });
  return {
    text: plain(cut(`[${m.tag}] ${m.providerName}: ${m.title}${lasted}`, 1000)),
    cardsV2: [
      { cardId: `sw-${ctx.deliveryKey}`, card: { header: { title: cut(`${m.providerName}: ${m.title}`, 200), subtitle: m.tag }, sections: [{ widgets }] } },
    ],
    ...(m.threadKey ? { thread: { threadKey: `statuswatch-${m.threadKey}` } } : {}),
  };
}

/** The webhook URL with the reply option that makes `thread.threadKey` continue a thread (or start it). */
export function threadedUrl(target: string): string {
  const u = new URL(target);
  u.searchParams.set("messageReplyOption", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  return u.href;
}

export const googlechat = {
  target: z.string().url().max(2000).transform(normalizeUrl),
  targetHint: "must be a URL",
  config: z.object({}).strict() as z.ZodType<Record<string, never>>,
  trustedHosts: ["chat.googleapis.com"],
  urls: (d) => [threadedUrl(d.target)],
  // The key and token in the query are the secret; the space id alone says which space.
  mask: (d) => {
    try {
      const u = new URL(d.target);
      return { target: `${u.origin}${u.pathname}?****`, config: {} };
    } catch {
      return { target: "****", config: {} };
    }
  },
  render,
  send: (p, d, ctx) => postAndJudge("Google Chat", ctx, threadedUrl(d.target), p),
} satisfies ChannelDefinition<Record<string, never>, GoogleChatPayload>;
