import { z } from "zod";
import { fail, type SendResult } from "../errors";
import { formatDuration, type NotifyMessage } from "../message";
import type { ChannelDefinition, Destination, RenderContext, SendContext } from "./types";
import { escapeHtml } from "../../util/escape-html";
import { renderDigestHtml } from "../digest/render-html";
import { renderDigestText } from "../digest/render-text";
import { type DigestReport, digestSubject } from "../digest/report";

export interface EmailPayload {
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  inReplyTo?: string;
  references?: string[];
}

/** `[Resolved] Anthropic: Elevated errors on Claude API (2h 4m)` */
export function emailSubject(m: NotifyMessage): string {
  const lasted = m.durationSeconds !== undefined ? ` (${formatDuration(m.durationSeconds)})` : "";
  return `[${m.tag}] ${m.providerName}: ${m.title}${lasted}`.replace(/[\r\n]+/g, " ").slice(0, 250);
}

/** Headers every mail carries so mail clients offer one-click unsubscribe (RFC 2369, RFC 8058). */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

function render(m: NotifyMessage, ctx: RenderContext): EmailPayload {
  const lines: Array<[string, string]> = [["Status", m.transition]];
  if (m.durationSeconds !== undefined) lines.push(["Lasted", formatDuration(m.durationSeconds)]);
  if (m.impact) lines.push(["Impact", m.impact]);
  if (m.components.length) lines.push(["Affected", m.components.join(", ")]);
  lines.push(["When", m.occurredAt.toISOString()]);
  const links: Array<[string, string]> = [];
  if (m.statusPageUrl) links.push(["Status page", m.statusPageUrl]);
  if (m.statuswatchUrl) links.push(["In statuswatch", m.statuswatchUrl]);
  if (ctx.voteUrls) links.push(["I'm affected", ctx.voteUrls.affected], ["Not affected", ctx.voteUrls.notAffected]);

  const text = [
    `${m.providerName}: ${m.title}`,
    "",
    ...lines.map(([k, v]) => `${k}: ${v}`),
    ...(m.latestUpdate ? ["", "Latest update:", m.latestUpdate] : []),
    "",
    ...links.map(([k, v]) => `${k}: ${v}`),
    ...(ctx.unsubscribeUrl ? ["", `Unsubscribe: ${ctx.unsubscribeUrl}`] : []),
  ].join("\n");

  const a = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif">`,
    `<h2>${escapeHtml(`${m.providerName}: ${m.title}`)}</h2>`,
    `<table>${lines.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`,
    m.latestUpdate ? `<h3>Latest update</h3><p style="white-space:pre-wrap">${escapeHtml(m.latestUpdate)}</p>` : "",
    links.length ? `<p>${links.map(([k, v]) => a(v, k)).join(" · ")}</p>` : "",
    ctx.unsubscribeUrl ? `<p style="color:#666;font-size:small">${a(ctx.unsubscribeUrl, "Unsubscribe")}</p>` : "",
    `</body></html>`,
  ].join("\n");

  const threaded = ctx.threadRootId && ctx.threadRootId !== ctx.messageId;
  return {
    subject: emailSubject(m),
    text,
    html,
    messageId: ctx.messageId,
    headers: ctx.unsubscribeUrl ? unsubscribeHeaders(ctx.unsubscribeUrl) : {},
    ...(threaded ? { inReplyTo: ctx.threadRootId, references: [ctx.threadRootId!] } : {}),
  };
}

async function send(mail: EmailPayload, d: Destination<unknown>, ctx: SendContext): Promise<SendResult> {
  if (!ctx.mailer) return fail("invalid-config", "SMTP_URL is not configured");
  try {
    const info = await ctx.mailer.sendMail({
      from: ctx.emailFrom,
      to: d.target,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      headers: mail.headers,
    });
    return { ok: true, messageId: info.messageId };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string };
    const reason = `SMTP: ${e.message ?? String(err)}`.slice(0, 500);
    // 5xx replies are the server's final word on this mail; anything else may pass later.
    return e.responseCode && e.responseCode >= 500 && e.responseCode < 600 ? fail("permanent", reason) : fail("retryable", reason);
  }
}

/** One mail with the period's digest (daily or weekly digest subscriptions): HTML and plain text. */
export function renderDigest(digest: DigestReport, ctx: RenderContext): EmailPayload {
  const report = { ...digest, unsubscribeUrl: ctx.unsubscribeUrl };
  return {
    subject: digestSubject(report)
      .replace(/[\r\n]+/g, " ")
      .slice(0, 250),
    text: renderDigestText(report),
    html: renderDigestHtml(report),
    messageId: ctx.messageId,
    headers: ctx.unsubscribeUrl ? unsubscribeHeaders(ctx.unsubscribeUrl) : {},
  };
}

async function sendConfirmation(to: string, links: { confirmUrl: string; unsubscribeUrl: string }, ctx: SendContext): Promise<void> {
  if (!ctx.mailer) throw new Error("SMTP_URL is not configured");
  const { confirmUrl, unsubscribeUrl } = links;
  await ctx.mailer.sendMail({
    from: ctx.emailFrom,
    to,
    subject: "Confirm your statuswatch subscription",
    text: `Someone asked statuswatch to email status alerts to this address.\n\nConfirm: ${confirmUrl}\n\nIf it was not you, ignore this mail; nothing will be sent.\n\nUnsubscribe: ${unsubscribeUrl}\n`,
    html: `<p>Someone asked statuswatch to email status alerts to this address.</p><p><a href="${escapeHtml(confirmUrl)}">Confirm the subscription</a></p><p>If it was not you, ignore this mail; nothing will be sent.</p><p style="color:#666;font-size:small"><a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a></p>`,
    headers: unsubscribeHeaders(unsubscribeUrl),
  });
}

export const email = {
  target: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
  targetHint: "must be an email address",
  config: z.object({}).strict() as z.ZodType<Record<string, never>>,
  // Mail goes to the SMTP server of SMTP_URL, which the operator chose; no URL of the subscriber's is called.
  urls: () => [],
  mask: (d) => ({ target: d.target, config: {} }),
  unavailable: (env) => (env.mailer && env.tokenSecret ? undefined : "email notifications need SMTP_URL (and API_KEY or TOKEN_SECRET)"),
  doubleOptIn: { sendConfirmation },
  digests: { render: renderDigest },
  render,
  send,
} satisfies ChannelDefinition<Record<string, never>, EmailPayload>;
