import type { Transporter } from "nodemailer";
import type { NotifyConfig } from "../config";
import { channelOf, type AnyChannel } from "./channels";
import type { Destination, RenderContext, SendContext } from "./channels/types";
import { fail, type SendResult } from "./errors";
import type { DigestReport } from "./digest/report";
import type { NotifyMessage } from "./message";
import { unsubscribeToken } from "./tokens";
import type { NetClient } from "../net";
import { voteToken } from "../outages/vote-tokens";
import { guardedFetch, urlTextProblem, type UrlPolicy } from "./url-guard";

/** A subscription as the sender needs it: which channel, where, with which stored settings. */
export interface StoredDestination {
  id: number;
  channel: string;
  target: string;
  config: unknown;
}

export interface SendDeps {
  config: NotifyConfig;
  mailer?: Transporter;
  /** The shared outbound client: every channel request goes through it, addresses checked at connect time. */
  net: NetClient;
  /** Signs the "I'm affected" links of possible-outage messages (OutagesConfig.reportSalt); none without it. */
  voteSecret?: string;
}

export function urlPolicy(channel: AnyChannel, config: Pick<NotifyConfig, "webhookAllowlist">): UrlPolicy {
  return { allowlist: config.webhookAllowlist, trustedHosts: channel.trustedHosts };
}

function hostOf(publicUrl: string): string {
  return new URL(publicUrl).hostname || "statuswatch.local";
}

function messageIds(m: NotifyMessage, subscriptionId: number, publicUrl: string): Pick<RenderContext, "messageId" | "threadRootId" | "deliveryKey"> {
  const host = hostOf(publicUrl);
  const root = m.threadKey ? `<sw.${m.threadKey}.s${subscriptionId}@${host}>` : undefined;
  return {
    messageId: m.startsThread && root ? root : `<sw.e${m.eventId}.s${subscriptionId}@${host}>`,
    threadRootId: root,
    // A test message has no event; its key is its time, so receivers that de-duplicate see each test.
    deliveryKey: m.eventId ? `e${m.eventId}.s${subscriptionId}` : `test.${m.occurredAt.getTime()}.s${subscriptionId}`,
  };
}

type Prepared = { channel: AnyChannel; destination: Destination<unknown>; ctx: SendContext; unsubscribeUrl?: string };

/**
 * Everything before a send, the same for every channel: the channel and its stored settings read
 * back, every URL it will call held to the URL rules (the allowlist may have narrowed), and a fetch
 * whose connections are checked on the addresses they reach.
 */
async function prepare(sub: StoredDestination, deps: SendDeps): Promise<Prepared | { failure: SendResult }> {
  const { config } = deps;
  const channel = channelOf(sub.channel);
  if (!channel) return { failure: fail("invalid-config", `the channel "${sub.channel}" does not exist (any more)`) };
  const settings = channel.config.safeParse(sub.config ?? {});
  if (!settings.success)
    return {
      failure: fail(
        "invalid-config",
        `the subscription's config is not valid for ${sub.channel}: ${settings.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ")}`,
      ),
    };
  const destination: Destination<unknown> = { subscriptionId: sub.id, target: sub.target, config: settings.data };
  const policy = urlPolicy(channel, config);
  for (const url of channel.urls(destination)) {
    const problem = urlTextProblem(url, policy);
    if (problem) return { failure: fail("permanent", `the URL is not allowed by WEBHOOK_ALLOWLIST or the address checks: it ${problem}`) };
  }
  let unsubscribeUrl: string | undefined;
  if (channel.doubleOptIn) {
    if (!config.tokenSecret) return { failure: fail("invalid-config", "API_KEY or TOKEN_SECRET is needed to sign unsubscribe links") };
    unsubscribeUrl = `${config.publicUrl}/api/v1/subscriptions/unsubscribe?token=${unsubscribeToken(config.tokenSecret, sub.id)}`;
  }
  return { channel, destination, ctx: sendContext(channel, deps), unsubscribeUrl };
}

/** The only means a channel is given to reach out: a fetch that guards every call (through the NetClient), the mailer. */
export function sendContext(channel: AnyChannel, deps: SendDeps): SendContext {
  const { config } = deps;
  return {
    fetch: guardedFetch(urlPolicy(channel, config), config.sendTimeoutMs, deps.net),
    timeoutMs: config.sendTimeoutMs,
    mailer: deps.mailer,
    emailFrom: config.emailFrom,
  };
}

/** This subscription's signed "I'm affected" / "Not affected" links, for a possible-outage message. */
function voteUrls(m: NotifyMessage, subscriptionId: number, deps: SendDeps): RenderContext["voteUrls"] {
  const secret = deps.voteSecret;
  if (!m.outage?.votable || !secret) return undefined;
  const outage = m.outage;
  const link = (affected: boolean) =>
    `${deps.config.publicUrl}/outages/vote?token=${voteToken(secret, { subscriptionId, providerId: m.providerId, episodeId: outage.episodeId, affected })}`;
  return { affected: link(true), notAffected: link(false) };
}

/** Renders one message for one subscription and sends it. Retrying is the caller's business. */
export async function sendMessage(sub: StoredDestination, message: NotifyMessage, deps: SendDeps): Promise<SendResult> {
  const p = await prepare(sub, deps);
  if ("failure" in p) return p.failure;
  const votes = voteUrls(message, sub.id, deps);
  const rendered = p.channel.render(message, {
    publicUrl: deps.config.publicUrl,
    unsubscribeUrl: p.unsubscribeUrl,
    ...messageIds(message, sub.id, deps.config.publicUrl),
    ...(votes ? { voteUrls: votes } : {}),
  });
  if (rendered === undefined) return { ok: true, answer: "nothing to send: this channel does not carry this kind of event" };
  return p.channel.send(rendered, p.destination, p.ctx);
}

/**
 * One period's digest, for channels with digests. Its Message-ID is the same on every attempt for the
 * same (subscription, period), so a receiver can drop a copy should a crash make one go twice.
 */
export async function sendDigest(sub: StoredDestination, digest: DigestReport, deps: SendDeps): Promise<SendResult & { messageId?: string }> {
  const p = await prepare(sub, deps);
  if ("failure" in p) return p.failure;
  if (!p.channel.digests) return fail("invalid-config", `${sub.channel} has no digests`);
  const key = `digest.s${sub.id}.p${digest.period.start.getTime()}`;
  const messageId = `<sw.${key}@${hostOf(deps.config.publicUrl)}>`;
  const rendered = p.channel.digests.render(digest, { publicUrl: deps.config.publicUrl, unsubscribeUrl: p.unsubscribeUrl, messageId, deliveryKey: key });
  const result = await p.channel.send(rendered, p.destination, p.ctx);
  return result.ok ? { ...result, messageId } : result;
}

/** Target and settings as responses and logs may show them. */
export function maskDestination(sub: StoredDestination): { target: string; config: Record<string, unknown> } {
  const channel = channelOf(sub.channel);
  if (!channel) return { target: "****", config: {} };
  const settings = channel.config.safeParse(sub.config ?? {});
  return settings.success
    ? channel.mask({ subscriptionId: sub.id, target: sub.target, config: settings.data })
    : { target: channel.mask({ subscriptionId: sub.id, target: sub.target, config: {} }).target, config: {} };
}

/** Free text (an error) with the target replaced by its mask. */
export function scrubDestination(text: string, sub: StoredDestination): string {
  const masked = maskDestination(sub).target;
  return masked === sub.target ? text : text.split(sub.target).join(masked);
}
