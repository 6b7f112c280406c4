import type { NotifyChannel } from "../../generated/prisma/enums";
import { email, type EmailPayload } from "./email";
import { slack, type SlackPayload } from "./slack";
import type { ChannelImpl } from "./types";

export type Channel = NotifyChannel;
export const CHANNELS = ["slack", "email"] as const satisfies readonly Channel[];

interface RenderedBy {
  slack: SlackPayload;
  email: EmailPayload;
}

/** Every channel, keyed by the database enum: a channel missing here does not compile. */
export const channels: { [C in Channel]: ChannelImpl<RenderedBy[C]> } = { slack, email };
