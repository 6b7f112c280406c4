import type { DigestReport } from "../digest/report";
import type { Transporter } from "nodemailer";
import type { z } from "zod";
import type { EventKind } from "../../domain/status";
import type { SendResult } from "../errors";
import type { NotifyMessage } from "../message";
import type { GuardedFetch } from "../url-guard";

/** What a channel may need besides the message: links and ids computed by the dispatcher. */
export interface RenderContext {
  publicUrl: string;
  /** Present for channels with double opt-in, which carry an unsubscribe link (email). */
  unsubscribeUrl?: string;
  /** Stable per (message, subscription), mail-style (`<sw.e12.s3@host>`); threads use it. */
  messageId: string;
  /** The id of the message that opened this thread, when the message belongs to one. */
  threadRootId?: string;
  /** Stable per (event, subscription), for receivers that de-duplicate (`e12.s3`). */
  deliveryKey: string;
  /** Signed "I'm affected" / "Not affected" links of this subscription (possible-outage messages). */
  voteUrls?: { affected: string; notAffected: string };
}

/** Where one subscription's messages go: its target and its channel's validated settings. */
export interface Destination<Config> {
  subscriptionId: number;
  target: string;
  config: Config;
}

/**
 * What a channel gets to send with. HTTP goes through `fetch`, which applies the URL rules and sends
 * through the shared NetClient under the WEBHOOK_ALLOWLIST policy (addresses checked at connect
 * time); a channel cannot change the policy.
 */
export interface SendContext {
  fetch: GuardedFetch;
  timeoutMs: number;
  mailer?: Transporter;
  emailFrom: string;
}

/** What the composition root has that a channel may lack (an SMTP server, a token secret). */
export interface ChannelEnvironment {
  mailer?: Transporter;
  tokenSecret?: string;
}

/**
 * One notification channel, whole: what its target and settings are, which URLs it calls, how it
 * masks secrets, renders the neutral message and sends it. Retries, Retry-After, dead letters,
 * ordering and the URL guard belong to the dispatcher, not here.
 */
export interface ChannelDefinition<Config, Rendered> {
  /** Validates and normalizes `target` (stored as it will be used). */
  target: z.ZodType<string, string>;
  /** Said when `target` does not parse: "must be a URL". */
  targetHint: string;
  /** The settings as stored (JSONB) and read back before every send. */
  config: z.ZodType<Config>;
  /** What the API accepts as `config` at creation, when it differs from what is stored (a webhook's secret is generated). */
  input?: z.ZodType<unknown>;
  /** Turns accepted input into stored settings; `reveal` is answered once, at creation, and never again. */
  create?(input: unknown): { config: Config; reveal?: Record<string, string> };
  /** The vendor's own hosts: when set, URLs must be https on one of them unless WEBHOOK_ALLOWLIST covers them. */
  trustedHosts?: readonly string[];
  /** Every URL `send` will call for this destination; each is guarded at creation and before every send. */
  urls(d: Destination<Config>): string[];
  /** Target and settings as responses and logs show them. */
  mask(d: Destination<Config>): { target: string; config: Record<string, unknown> };
  /** Why the channel cannot be used here (no SMTP server…), or undefined. */
  unavailable?(env: ChannelEnvironment): string | undefined;
  /** Nothing but a confirmation request is sent until the link in it is followed. */
  doubleOptIn?: { sendConfirmation(target: string, links: { confirmUrl: string; unsubscribeUrl: string }, ctx: SendContext): Promise<void> };
  /** Can carry one summary per day or week (src/notify/digest) instead of a message per event. */
  digests?: { render(digest: DigestReport, ctx: RenderContext): Rendered };
  /** The kinds a new subscription of this channel hears when it names none (else the notifier's default). */
  defaultEvents?: readonly EventKind[];
  /** undefined: this event means nothing on this channel (PagerDuty hears only triggers and resolves). */
  render(message: NotifyMessage, ctx: RenderContext): Rendered | undefined;
  send(rendered: Rendered, d: Destination<Config>, ctx: SendContext): Promise<SendResult>;
}
