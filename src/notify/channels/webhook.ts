import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import type { NotifyMessage } from "../message";
import { maskUrl, normalizeUrl } from "../urls";
import { answerResult, isAnswer, postJson } from "./http";
import type { ChannelDefinition, RenderContext } from "./types";
import { webhookEvent, type WebhookEventV1 } from "./webhook-event";

/** `whsec_` and the base64 of 24 to 64 random bytes, as Standard Webhooks writes secrets. */
const Secret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be whsec_ followed by base64")
  .refine((s) => {
    const n = Buffer.from(s.slice(6), "base64").length;
    return n >= 24 && n <= 64;
  }, "must hold 24 to 64 bytes");

const Config = z.object({ secret: Secret }).strict();
type Config = z.infer<typeof Config>;

export interface WebhookPayload {
  id: string;
  event: WebhookEventV1;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret's bytes (Standard Webhooks). */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function render(m: NotifyMessage, ctx: RenderContext): WebhookPayload {
  const id = `msg_${ctx.deliveryKey}`;
  return { id, event: webhookEvent(m, id) };
}

export const webhook = {
  target: z.string().url().max(2000).transform(normalizeUrl),
  targetHint: "must be a URL",
  config: Config,
  input: z.object({ secret: Secret.optional() }).strict(),
  create(input: unknown) {
    const given = (input as { secret?: string }).secret;
    const secret = given ?? `whsec_${randomBytes(32).toString("base64")}`;
    return { config: { secret }, reveal: { secret } };
  },
  urls: (d) => [d.target],
  mask: (d) => ({ target: maskUrl(d.target), config: { secret: "whsec_****" } }),
  render,
  async send(p, d, ctx) {
    const body = JSON.stringify(p.event);
    // Signed at each attempt: the timestamp is when it was sent, so receivers can refuse replays.
    const timestamp = Math.floor(Date.now() / 1000);
    const a = await postJson("The webhook", ctx, d.target, body, {
      "webhook-id": p.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature(d.config.secret, p.id, timestamp, body),
      "user-agent": "statuswatch-webhook/1",
    });
    return isAnswer(a) ? answerResult("The webhook", a) : a;
  },
} satisfies ChannelDefinition<Config, WebhookPayload>;
