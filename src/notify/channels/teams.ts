import { z } from "zod";
import { formatDuration, type NotifyMessage, type Severity } from "../message";
import { maskUrl, normalizeUrl } from "../urls";
import { cut, postAndJudge } from "./http";
import type { ChannelDefinition, RenderContext } from "./types";

/** A Workflows (or legacy incoming webhook) post: one Adaptive Card as an attachment. */
export interface TeamsPayload {
  type: "message";
  attachments: Array<{ contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: Record<string, unknown> }>;
}

const COLOR: Record<Severity, string> = {
  critical: "Attention",
  major: "Attention",
  minor: "Warning",
  maintenance: "Accent",
  recovered: "Good",
  info: "Default",
};

/** Adaptive Card text is Markdown: escaped so a title cannot make a link or a heading. */
export function escapeCardMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, "\\$&");
}

function render(m: NotifyMessage, ctx?: RenderContext): TeamsPayload {
  const lasted = m.durationSeconds !== undefined ? ` — lasted ${formatDuration(m.durationSeconds)}` : "";
  const facts = [
    { title: "Status", value: escapeCardMarkdown(m.tag) },
    ...(m.impact ? [{ title: "Impact", value: escapeCardMarkdown(m.impact) }] : []),
    ...(m.components.length ? [{ title: "Affected", value: escapeCardMarkdown(cut(m.components.join(", "), 500)) }] : []),
    { title: "When", value: m.occurredAt.toISOString() },
  ];
  const body: Array<Record<string, unknown>> = [
    { type: "TextBlock", text: escapeCardMarkdown(cut(`${m.providerName}: ${m.title}`, 300)), size: "Large", weight: "Bolder", wrap: true, style: "heading" },
    { type: "TextBlock", text: escapeCardMarkdown(`${m.transition}${lasted}`), color: COLOR[m.severity], weight: "Bolder", wrap: true },
    { type: "FactSet", facts },
  ];
  if (m.latestUpdate) body.push({ type: "TextBlock", text: escapeCardMarkdown(cut(m.latestUpdate, 2000)), wrap: true, isSubtle: true });
  const actions = [
    ...(m.statusPageUrl ? [{ type: "Action.OpenUrl", title: "Status page", url: m.statusPageUrl }] : []),
    ...(m.statuswatchUrl ? [{ type: "Action.OpenUrl", title: "In statuswatch", url: m.statuswatchUrl }] : []),
    ...(ctx?.voteUrls
      ? [
          { type: "Action.OpenUrl", title: "I'm affected", url: ctx.voteUrls.affected },
          { type: "Action.OpenUrl", title: "Not affected", url: ctx.voteUrls.notAffected },
        ]
      : []),
  ];
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body,
          actions,
        },
      },
    ],
  };
}

export const teams = {
  target: z.string().url().max(2000).transform(normalizeUrl),
  targetHint: "must be a URL",
  config: z.object({}).strict() as z.ZodType<Record<string, never>>,
  urls: (d) => [d.target],
  mask: (d) => ({ target: maskUrl(d.target), config: {} }),
  render,
  send: (p, d, ctx) => postAndJudge("Teams", ctx, d.target, p),
} satisfies ChannelDefinition<Record<string, never>, TeamsPayload>;
