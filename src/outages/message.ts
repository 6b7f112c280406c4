import type { EventKind } from "../domain/status";
import { dataOf } from "../events/contract";

export const OUTAGE_KINDS = ["outage_suspected", "outage_confirmed", "outage_cleared"] as const satisfies readonly EventKind[];

export function isOutageKind(kind: string): kind is (typeof OUTAGE_KINDS)[number] {
  return (OUTAGE_KINDS as readonly string[]).includes(kind);
}

/** "34 min", "1 h 5 min": how far ahead the warning was, in words people read at a glance. */
export function leadText(seconds: number): string {
  const m = Math.round(Math.abs(seconds) / 60);
  if (m < 60) return `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
}

interface OutageEventLike {
  kind: EventKind;
  data: unknown;
  provider: { name: string };
}

/** What an outage event says, channel-neutral: title, tag, transition, the signals that fired. */
export function describeOutage(e: OutageEventLike) {
  const name = e.provider.name;
  const signals = (dataOf(e, "outage_suspected")?.reasons ?? []).map((r) => `${r.signal}: ${r.text}`);
  if (e.kind === "outage_suspected") {
    return {
      title: `Possible outage — not yet acknowledged by ${name}`,
      tag: "Possible outage",
      transition: `Possible outage — not yet acknowledged by ${name}`,
      severity: "major" as const,
      signals,
      votable: true,
    };
  }
  if (e.kind === "outage_confirmed") {
    const lead = dataOf(e, "outage_confirmed")?.leadSeconds ?? 0;
    return {
      title: `Outage confirmed by ${name}'s status page`,
      tag: "Outage confirmed",
      transition:
        lead > 0
          ? `Confirmed by the status page: we warned ${leadText(lead)} before the status page`
          : `Confirmed by the status page, which spoke ${leadText(lead)} before our signals`,
      severity: "major" as const,
      signals,
      leadSeconds: lead,
      votable: false,
    };
  }
  const unacknowledged = dataOf(e, "outage_cleared")?.outcome === "unacknowledged";
  return {
    title: unacknowledged ? `Outage over — never acknowledged by ${name}` : `Possible outage cleared — a false alarm`,
    tag: "Outage cleared",
    transition: unacknowledged
      ? `Signals are back to normal; ${name}'s status page never acknowledged the outage`
      : "Signals are back to normal; it was a false alarm",
    severity: "recovered" as const,
    signals,
    votable: false,
  };
}
