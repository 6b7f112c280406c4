import { z } from "zod";
import type { Impact } from "../../domain/status";
import type { NotifyMessage, Severity } from "../message";
import { normalizeUrl } from "../urls";
import { cut, postAndJudge } from "./http";
import type { ChannelDefinition } from "./types";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const Config = z.object({ eventsUrl: z.string().url().max(2000).transform(normalizeUrl).default(PAGERDUTY_EVENTS_URL) }).strict();
type Config = z.infer<typeof Config>;

/** An Events API v2 enqueue body. */
export interface PagerDutyPayload {
  event_action: "trigger" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: "critical" | "error" | "warning" | "info";
    timestamp: string;
    component?: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client: string;
  client_url?: string;
}

/** Kinds that open an alert and kinds that close it; everything else is not PagerDuty's business. */
const TRIGGERS = new Set<string>(["incident_opened", "outage_suspected", "outage_confirmed", "source_unreachable", "source_format_changed"]);
const RESOLVES = new Set<string>(["incident_resolved", "outage_cleared", "source_recovered", "source_format_recovered"]);

const BY_IMPACT: Record<Impact, NonNullable<PagerDutyPayload["payload"]>["severity"]> = {
  critical: "critical",
  major: "error",
  minor: "warning",
  none: "info",
};
const BY_SEVERITY: Record<Severity, NonNullable<PagerDutyPayload["payload"]>["severity"]> = {
  critical: "critical",
  major: "error",
  minor: "warning",
  maintenance: "info",
  recovered: "info",
  info: "info",
};

/** One key per incident (or outage, or unreadable page), so PagerDuty keeps one alert and the resolve closes it. */
export function dedupKey(m: NotifyMessage): string {
  return `statuswatch:${m.providerId}:${m.threadKey ?? "source"}`;
}

function render(m: NotifyMessage): PagerDutyPayload | undefined {
  const test = m.eventId === 0;
  const action = TRIGGERS.has(m.kind) || test ? "trigger" : RESOLVES.has(m.kind) ? "resolve" : undefined;
  if (!action) return undefined;
  const links = [
    ...(m.statuswatchUrl ? [{ href: m.statuswatchUrl, text: "In statuswatch" }] : []),
    ...(m.statusPageUrl ? [{ href: m.statusPageUrl, text: "Status page" }] : []),
  ];
  if (action === "resolve") return { event_action: "resolve", dedup_key: dedupKey(m), client: "statuswatch" };
  return {
    event_action: "trigger",
    dedup_key: dedupKey(m),
    payload: {
      summary: cut(`[${m.tag}] ${m.providerName}: ${m.title}`, 1024),
      source: m.providerName,
      severity: m.impact && m.impact !== "none" ? BY_IMPACT[m.impact] : BY_SEVERITY[m.severity],
      timestamp: m.occurredAt.toISOString(),
      ...(m.components.length ? { component: cut(m.components.join(", "), 255) } : {}),
      group: m.providerId,
      class: m.kind,
      custom_details: {
        transition: m.transition,
        impact: m.impact ?? null,
        components: m.components,
        latestUpdate: m.latestUpdate ? cut(m.latestUpdate, 2000) : null,
      },
    },
    links,
    client: "statuswatch",
    ...(m.statuswatchUrl ? { client_url: m.statuswatchUrl } : {}),
  };
}

export const pagerduty = {
  // An integration (routing) key; it is the secret.
  target: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{20,64}$/),
  targetHint: "must be a PagerDuty integration (routing) key",
  config: Config,
  trustedHosts: [".pagerduty.com"],
  defaultEvents: ["incident_opened", "incident_resolved", "source_unreachable", "source_recovered", "source_format_changed", "source_format_recovered"],
  urls: (d) => [d.config.eventsUrl ?? PAGERDUTY_EVENTS_URL],
  mask: (d) => ({ target: `${d.target.slice(0, 4)}****`, config: { eventsUrl: d.config.eventsUrl ?? PAGERDUTY_EVENTS_URL } }),
  render,
  send: (p, d, ctx) => postAndJudge("PagerDuty", ctx, d.config.eventsUrl, { routing_key: d.target, ...p }),
} satisfies ChannelDefinition<Config, PagerDutyPayload>;
