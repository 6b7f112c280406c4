import type { Transporter } from "nodemailer";
import type { z } from "zod";
import type { NetRequest, NetResponse } from "../../net";
import type { SendResult } from "../errors";
import type { NotifyMessage } from "../message";

/** What a channel may need besides the message: links and thread ids computed by the dispatcher. */
export interface RenderContext {
  publicUrl: string;
  /** Present for channels that carry an unsubscribe link (email). */
  unsubscribeUrl?: string;
  /** Stable per (message, subscription); threads use it. */
  messageId: string;
  /** The id of the message that opened this thread, when the message belongs to one. */
  threadRootId?: string;
  /** Signed "I'm affected" / "Not affected" links of this subscription (possible-outage messages). */
  voteUrls?: { affected: string; notAffected: string };
}

export interface SendDeps {
  timeoutMs: number;
  /** The only way a channel calls out: the dispatcher's address policy is bound in, a channel cannot change it. */
  request: (url: string, req: Omit<NetRequest, "policy">) => Promise<NetResponse>;
  mailer?: Transporter;
  emailFrom: string;
}

/** One notification channel: validates its target, renders the neutral message, sends it. No retries here. */
export interface ChannelImpl<Rendered> {
  settings: z.ZodType<string>;
  render(message: NotifyMessage, ctx: RenderContext): Rendered;
  send(rendered: Rendered, target: string, deps: SendDeps): Promise<SendResult>;
}
