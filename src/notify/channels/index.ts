import { discord } from "./discord";
import { email } from "./email";
import { googlechat } from "./googlechat";
import { pagerduty } from "./pagerduty";
import { slack } from "./slack";
import { teams } from "./teams";
import { webhook } from "./webhook";
import type { ChannelDefinition } from "./types";

/**
 * Every channel, keyed by the name stored in `subscriptions.channel` and used in the API. Adding a
 * channel is one file under this folder and one entry here; nothing else names channels.
 */
export const channels = { slack, email, webhook, teams, discord, googlechat, pagerduty };

export type ChannelName = keyof typeof channels;
export const CHANNEL_NAMES = Object.keys(channels) as [ChannelName, ...ChannelName[]];

/** A channel with its own types erased, for code that handles every channel alike (the dispatcher). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChannel = ChannelDefinition<any, any>;

/** The channel of a stored name; undefined for a name no longer registered. */
export function channelOf(name: string): AnyChannel | undefined {
  return Object.hasOwn(channels, name) ? channels[name as ChannelName] : undefined;
}

/** Channels that can hold messages for a digest. */
export const DIGEST_CHANNELS = CHANNEL_NAMES.filter((n) => channelOf(n)?.digests);
