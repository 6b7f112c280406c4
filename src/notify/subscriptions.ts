import type { Transporter } from "nodemailer";
import type { NotifyConfig } from "../config";
import type { EventKind, Impact } from "../domain/status";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { channelOf, type ChannelName } from "./channels";
import type { SendResult } from "./errors";
import { DEFAULT_EVENT_KINDS } from "./fanout";
import type { NotifyMessage } from "./message";
import { maskDestination, scrubDestination, sendContext, sendMessage, urlPolicy } from "./send";
import { hashToken, randomToken, unsubscribeToken } from "./tokens";
import { CREATE_RESOLVE_TIMEOUT_MS, guardUrl } from "./url-guard";
import { disguisedHost, type NetClient } from "../net";

export interface SubscriptionInput {
  channel: ChannelName;
  target: string;
  /** The channel's settings as the API received them; validated by the channel's schema. */
  config?: unknown;
  providers?: string[];
  components?: string[];
  minImpact?: Impact;
  events?: EventKind[];
  paused?: boolean;
  digest?: Digest;
  /** 0–23: the local hour digest periods end at. */
  digestHour?: number;
  /** IANA zone of digestHour, already canonical. */
  timeZone?: string;
}

export type Digest = "off" | "daily" | "weekly";
export type SubscriptionPatch = Partial<
  Pick<SubscriptionInput, "providers" | "components" | "minImpact" | "events" | "paused" | "digest" | "digestHour" | "timeZone">
>;

type Row = Awaited<ReturnType<PrismaClient["subscription"]["findMany"]>>[number];

/** What the API shows: target and settings masked, token hashes never. */
export function subscriptionView(s: Row) {
  const masked = maskDestination(s);
  return {
    id: s.id,
    channel: s.channel,
    target: masked.target,
    config: masked.config,
    providers: s.providers,
    components: s.components,
    minImpact: s.minImpact,
    events: s.events,
    paused: s.paused,
    digest: s.digest,
    digestHour: s.digestHour,
    timeZone: s.timeZone,
    confirmed: s.confirmedAt !== null,
    confirmedAt: s.confirmedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export type SubscriptionView = ReturnType<typeof subscriptionView>;

export type SubscriptionResult =
  | { ok: true; subscription: SubscriptionView /** Secrets made at creation, shown this once. */; reveal?: Record<string, string> }
  | { ok: false; kind: "invalid"; field: "target" | "config"; message: string }
  | { ok: false; kind: "unknown-providers"; providers: string[] }
  | { ok: false; kind: "no-digests"; channel: string }
  | { ok: false; kind: "no-mailer" | "confirmation-failed"; reason: string };

/** What a receiver said to a test message. */
export type TestResult = { delivered: true; answer?: string } | { delivered: false; kind: string; reason: string };

export class SubscriptionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: NotifyConfig,
    private readonly log: Logger,
    /** The shared outbound client: checks a target's addresses at creation and carries every send. */
    private readonly net: NetClient,
    private readonly mailer?: Transporter,
  ) {}

  private async unknownProviders(ids: string[] | undefined): Promise<string[]> {
    if (!ids?.length) return [];
    const found = await this.prisma.provider.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const known = new Set(found.map((p) => p.id));
    return ids.filter((id) => !known.has(id));
  }

  async create(input: SubscriptionInput): Promise<SubscriptionResult> {
    const channel = channelOf(input.channel)!;
    const target = channel.target.safeParse(input.target);
    // The target itself is never echoed: it may be a secret webhook URL.
    if (!target.success) return { ok: false, kind: "invalid", field: "target", message: channel.targetHint };
    // Judged on the target as written: the parsed form no longer shows an address in disguise.
    const canonical = disguisedHost(input.target);
    if (canonical)
      return {
        ok: false,
        kind: "invalid",
        field: "target",
        message: `the host is an IP address written in disguise (it is ${canonical}); write it as the URL parser does`,
      };
    const accepted = (channel.input ?? channel.config).safeParse(input.config ?? {});
    if (!accepted.success)
      return {
        ok: false,
        kind: "invalid",
        field: "config",
        message: accepted.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; "),
      };
    const made = channel.create ? channel.create(accepted.data) : { config: accepted.data, reveal: undefined };
    const destination = { subscriptionId: 0, target: target.data, config: made.config };
    for (const url of channel.urls(destination)) {
      const verdict = await guardUrl(url, urlPolicy(channel, this.config), { net: this.net, resolveTimeoutMs: CREATE_RESOLVE_TIMEOUT_MS });
      if (!verdict.ok) return { ok: false, kind: "invalid", field: url === target.data ? "target" : "config", message: verdict.reason };
      // Not the user's fault, and no proof of anything: stored, and every send's connection is checked.
      if (verdict.unresolved)
        this.log.warn({ channel: input.channel, reason: verdict.unresolved }, "subscription target's host name could not be resolved now; accepted");
    }
    const unknown = await this.unknownProviders(input.providers);
    if (unknown.length) return { ok: false, kind: "unknown-providers", providers: unknown };
    const digest = input.digest && input.digest !== "off";
    if (digest && !channel.digests) return { ok: false, kind: "no-digests", channel: input.channel };
    const unavailable = channel.unavailable?.({ mailer: this.mailer, tokenSecret: this.config.tokenSecret });
    if (unavailable) return { ok: false, kind: "no-mailer", reason: unavailable };
    const confirmToken = channel.doubleOptIn ? randomToken() : undefined;
    const created = await this.prisma.subscription.create({
      data: {
        channel: input.channel,
        target: target.data,
        config: made.config as object,
        providers: [...new Set(input.providers ?? [])],
        components: [...new Set(input.components ?? [])],
        minImpact: input.minImpact ?? "none",
        events: [...new Set(input.events ?? channel.defaultEvents ?? DEFAULT_EVENT_KINDS)],
        paused: input.paused ?? false,
        digest: input.digest ?? "off",
        digestHour: input.digestHour ?? 8,
        timeZone: input.timeZone ?? "UTC",
        lastDigestAt: digest ? new Date() : null,
        confirmedAt: channel.doubleOptIn ? null : new Date(),
        confirmTokenHash: confirmToken ? hashToken(confirmToken) : null,
      },
    });
    const subscription = this.config.tokenSecret
      ? await this.prisma.subscription.update({
          where: { id: created.id },
          data: { unsubscribeTokenHash: hashToken(unsubscribeToken(this.config.tokenSecret, created.id)) },
        })
      : created;
    if (confirmToken && channel.doubleOptIn) {
      try {
        const links = {
          confirmUrl: `${this.config.publicUrl}/api/v1/subscriptions/confirm?token=${confirmToken}`,
          unsubscribeUrl: `${this.config.publicUrl}/api/v1/subscriptions/unsubscribe?token=${unsubscribeToken(this.config.tokenSecret!, subscription.id)}`,
        };
        await channel.doubleOptIn.sendConfirmation(
          subscription.target,
          links,
          sendContext(channel, { config: this.config, mailer: this.mailer, net: this.net }),
        );
      } catch (err) {
        await this.prisma.subscription.delete({ where: { id: subscription.id } });
        this.log.warn({ err: (err as Error).message, subscription: subscription.id }, "confirmation failed; subscription not kept");
        return { ok: false, kind: "confirmation-failed", reason: "the confirmation could not be sent" };
      }
    }
    const view = subscriptionView(subscription);
    this.log.info({ subscription: subscription.id, channel: subscription.channel, target: view.target }, "subscription created");
    return { ok: true, subscription: view, reveal: made.reveal };
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
      if (!channelOf(current.channel)?.digests) return { ok: false, kind: "no-digests", channel: current.channel };
      if (current.digest === "off") Object.assign(patch, { lastDigestAt: new Date() });
    }
    // Rescheduled: the first period owed is the first to end after the change, not one that overlaps the last digest.
    if (patch.digestHour !== undefined || patch.timeZone !== undefined) Object.assign(patch, { lastDigestAt: new Date() });
    const data = {
      ...patch,
      ...(patch.providers ? { providers: [...new Set(patch.providers)] } : {}),
      ...(patch.components ? { components: [...new Set(patch.components)] } : {}),
      ...(patch.events ? { events: [...new Set(patch.events)] } : {}),
    };
    const r = await this.prisma.subscription.updateManyAndReturn({ where: { id }, data });
    if (!r[0]) return undefined;
    // Messages held for a digest that will no longer come go out one by one instead.
    if (patch.digest === "off")
      await this.prisma.delivery.updateMany({ where: { subscriptionId: id, status: "digest" }, data: { status: "pending", nextAttemptAt: new Date() } });
    return { ok: true, subscription: subscriptionView(r[0]) };
  }

  async remove(id: number): Promise<boolean> {
    return (await this.prisma.subscription.deleteMany({ where: { id } })).count > 0;
  }

  /**
   * Sends a test message now, through the same guard and channel code as real ones (not through
   * the queue, so it neither waits behind nor blocks real messages), and says what the receiver answered.
   */
  async test(id: number): Promise<TestResult | undefined> {
    const row = await this.prisma.subscription.findUnique({ where: { id } });
    if (!row) return undefined;
    const result: SendResult = await sendMessage(row, testMessage(this.config.publicUrl), { config: this.config, mailer: this.mailer, net: this.net });
    this.log.info({ subscription: id, delivered: result.ok }, "test message sent");
    return result.ok ? { delivered: true, answer: result.answer } : { delivered: false, kind: result.kind, reason: scrubDestination(result.reason, row) };
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

/** A message that says it is a test, shaped like an incident opening so every channel renders it fully. */
export function testMessage(publicUrl: string, now = new Date()): NotifyMessage {
  return {
    eventId: 0,
    kind: "incident_opened",
    providerId: "statuswatch",
    providerName: "statuswatch",
    title: "Test message",
    tag: "Test",
    transition: "This is a test message from statuswatch: this subscription works.",
    severity: "info",
    impact: "none",
    components: [],
    statuswatchUrl: publicUrl,
    occurredAt: now,
    threadKey: `test-${now.getTime()}`,
    startsThread: true,
  };
}
