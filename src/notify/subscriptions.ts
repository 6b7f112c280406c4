import type { Transporter } from "nodemailer";
import type { NotifyConfig } from "../config";
import type { EventKind, Impact } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import type { Channel } from "./channels";
import { escapeHtml } from "../util/escape-html";
import { DEFAULT_EVENT_KINDS } from "./fanout";
import { maskTarget } from "./targets";
import { hashToken, randomToken, unsubscribeToken } from "./tokens";

export interface SubscriptionInput {
  channel: Channel;
  target: string;
  providers?: string[];
  components?: string[];
  minImpact?: Impact;
  events?: EventKind[];
  paused?: boolean;
  digest?: Digest;
}

export type Digest = "off" | "daily" | "weekly";
export type SubscriptionPatch = Partial<Pick<SubscriptionInput, "providers" | "components" | "minImpact" | "events" | "paused" | "digest">>;

type Row = Awaited<ReturnType<PrismaClient["subscription"]["findMany"]>>[number];

/** What the API shows: the target masked, token hashes never. */
export function subscriptionView(s: Row) {
  return {
    id: s.id,
    channel: s.channel,
    target: maskTarget(s.channel, s.target),
    providers: s.providers,
    components: s.components,
    minImpact: s.minImpact,
    events: s.events,
    paused: s.paused,
    digest: s.digest,
    confirmed: s.confirmedAt !== null,
    confirmedAt: s.confirmedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export type SubscriptionResult =
  | { ok: true; subscription: ReturnType<typeof subscriptionView> }
  | { ok: false; kind: "unknown-providers"; providers: string[] }
  | { ok: false; kind: "digest-email-only" }
  | { ok: false; kind: "no-mailer" | "confirmation-failed"; reason: string };

export class SubscriptionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: NotifyConfig,
    private readonly log: Logger,
    private readonly mailer?: Transporter,
  ) {}

  private async unknownProviders(ids: string[] | undefined): Promise<string[]> {
    if (!ids?.length) return [];
    const found = await this.prisma.provider.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const known = new Set(found.map((p) => p.id));
    return ids.filter((id) => !known.has(id));
  }

  async create(input: SubscriptionInput): Promise<SubscriptionResult> {
    const unknown = await this.unknownProviders(input.providers);
    if (unknown.length) return { ok: false, kind: "unknown-providers", providers: unknown };
    const email = input.channel === "email";
    if (!email && input.digest && input.digest !== "off") return { ok: false, kind: "digest-email-only" };
    if (email && (!this.mailer || !this.config.tokenSecret)) return { ok: false, kind: "no-mailer", reason: "email notifications need SMTP_URL (and API_KEY or TOKEN_SECRET)" };
    const confirmToken = email ? randomToken() : undefined;
    const created = await this.prisma.subscription.create({
      data: {
        channel: input.channel,
        target: input.target,
        providers: [...new Set(input.providers ?? [])],
        components: [...new Set(input.components ?? [])],
        minImpact: input.minImpact ?? "none",
        events: [...new Set(input.events ?? DEFAULT_EVENT_KINDS)],
        paused: input.paused ?? false,
        digest: input.digest ?? "off",
        lastDigestAt: input.digest && input.digest !== "off" ? new Date() : null,
        confirmedAt: email ? null : new Date(),
        confirmTokenHash: confirmToken ? hashToken(confirmToken) : null,
      },
    });
    const subscription = this.config.tokenSecret
      ? await this.prisma.subscription.update({ where: { id: created.id }, data: { unsubscribeTokenHash: hashToken(unsubscribeToken(this.config.tokenSecret, created.id)) } })
      : created;
    if (confirmToken) {
      try {
        await this.sendConfirmation(subscription.id, subscription.target, confirmToken);
      } catch (err) {
        await this.prisma.subscription.delete({ where: { id: subscription.id } });
        this.log.warn({ err: (err as Error).message, subscription: subscription.id }, "confirmation email failed; subscription not kept");
        return { ok: false, kind: "confirmation-failed", reason: "the confirmation email could not be sent" };
      }
    }
    this.log.info({ subscription: subscription.id, channel: subscription.channel, target: maskTarget(subscription.channel, subscription.target) }, "subscription created");
    return { ok: true, subscription: subscriptionView(subscription) };
  }

  private async sendConfirmation(id: number, to: string, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/api/v1/subscriptions/confirm?token=${token}`;
    const unsubscribe = `${this.config.publicUrl}/api/v1/subscriptions/unsubscribe?token=${unsubscribeToken(this.config.tokenSecret!, id)}`;
    await this.mailer!.sendMail({
      from: this.config.emailFrom,
      to,
      subject: "Confirm your statuswatch subscription",
      text: `Someone asked statuswatch to email status alerts to this address.\n\nConfirm: ${link}\n\nIf it was not you, ignore this mail; nothing will be sent.\n\nUnsubscribe: ${unsubscribe}\n`,
      html: `<p>Someone asked statuswatch to email status alerts to this address.</p><p><a href="${escapeHtml(link)}">Confirm the subscription</a></p><p>If it was not you, ignore this mail; nothing will be sent.</p><p style="color:#666;font-size:small"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>`,
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  }

  async list() {
    const rows = await this.prisma.subscription.findMany({ orderBy: { id: "asc" } });
    return rows.map(subscriptionView);
  }

  async get(id: number) {
    const row = await this.prisma.subscription.findUnique({ where: { id } });
    return row ? subscriptionView(row) : undefined;
  }

  async update(id: number, patch: SubscriptionPatch): Promise<SubscriptionResult | undefined> {
    const unknown = await this.unknownProviders(patch.providers);
    if (unknown.length) return { ok: false, kind: "unknown-providers", providers: unknown };
    if (patch.digest && patch.digest !== "off") {
      const current = await this.prisma.subscription.findUnique({ where: { id }, select: { channel: true, digest: true } });
      if (!current) return undefined;
      if (current.channel !== "email") return { ok: false, kind: "digest-email-only" };
      if (current.digest === "off") Object.assign(patch, { lastDigestAt: new Date() });
    }
    const data = {
      ...patch,
      ...(patch.providers ? { providers: [...new Set(patch.providers)] } : {}),
      ...(patch.components ? { components: [...new Set(patch.components)] } : {}),
      ...(patch.events ? { events: [...new Set(patch.events)] } : {}),
    };
    const r = await this.prisma.subscription.updateManyAndReturn({ where: { id }, data });
    if (!r[0]) return undefined;
    // Messages held for a digest that will no longer come go out one by one instead.
    if (patch.digest === "off") await this.prisma.delivery.updateMany({ where: { subscriptionId: id, status: "digest" }, data: { status: "pending", nextAttemptAt: new Date() } });
    return { ok: true, subscription: subscriptionView(r[0]) };
  }

  async remove(id: number): Promise<boolean> {
    return (await this.prisma.subscription.deleteMany({ where: { id } })).count > 0;
  }

  async confirm(token: string): Promise<number | undefined> {
    const r = await this.prisma.subscription.updateManyAndReturn({
      where: { confirmTokenHash: hashToken(token) },
      data: { confirmedAt: new Date(), confirmTokenHash: null },
      select: { id: true },
    });
    return r[0]?.id;
  }

  async unsubscribe(token: string): Promise<number | undefined> {
    const row = await this.prisma.subscription.findUnique({ where: { unsubscribeTokenHash: hashToken(token) }, select: { id: true } });
    if (!row) return undefined;
    await this.prisma.subscription.deleteMany({ where: { id: row.id } });
    this.log.info({ subscription: row.id }, "unsubscribed");
    return row.id;
  }
}
