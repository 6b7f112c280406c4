import type { ParsedMail } from "mailparser";
import type { SlackPost } from "./slack-receiver";
import { recipientsOf } from "./smtp-receiver";

type Block = Record<string, unknown>;

const textOf = (v: unknown): string => (v && typeof v === "object" && "text" in v && typeof v.text === "string" ? v.text : "");

/** Block Kit as a terminal would show it: header, sections (quoted update), context links. */
export function slackBlocksAsText(blocks: Block[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === "header") lines.push(textOf(b.text).toUpperCase());
    else if (b.type === "section") lines.push(...textOf(b.text).split("\n"));
    else if (b.type === "context" && Array.isArray(b.elements)) lines.push(b.elements.map(textOf).join("  "));
  }
  // Slack's link syntax <url|label> reads better as "label (url)" on a console.
  return lines.map((l) =>
    l
      .replace(/<([^|>]+)\|([^>]+)>/g, "$2 ($1)")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  );
}

export function describeSlackPost(channel: string, post: SlackPost): string[] {
  return [`  ⇢ Slack ${channel}: ${post.body.text}`, ...slackBlocksAsText(post.body.blocks).map((l) => `      │ ${l}`)];
}

const hasHeader = (mail: ParsedMail, key: string) => mail.headerLines.some((h) => h.key === key);

export function describeMail(mail: ParsedMail, bodyLines = 8): string[] {
  const threading = mail.inReplyTo ? `in reply to ${mail.inReplyTo}` : `opens thread ${mail.messageId ?? "?"}`;
  const body = (mail.text ?? "")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, bodyLines);
  return [
    `  ✉ Email to ${recipientsOf(mail).join(", ")}: ${mail.subject ?? "(no subject)"}`,
    `      │ ${threading}${hasHeader(mail, "list-unsubscribe-post") ? "; List-Unsubscribe: one-click" : ""}`,
    ...body.map((l) => `      │ ${l}`),
  ];
}
