/**
 * Which providers `/` draws in full before the rest: those with a problem now or in the last 24 h.
 * The others are folded per category. Pure: the facts come from DashboardService.
 */
import type { RecentTrouble } from "../services/dashboard-lists";

export interface AttentionInput {
  name: string;
  status: string;
  sourceHealth: "ok" | "failing" | "unreachable" | "pending";
  formatChange: unknown;
  suspected: boolean;
  trouble: RecentTrouble;
}

export interface Attention {
  /** Lower comes first: the worst problem now, then sources that cannot be read, then what is over. */
  rank: number;
  /** Why it is drawn in full, in words, beyond what its badge and source health already say. */
  reasons: string[];
}

const STATUS_RANK: Record<string, number> = { major_outage: 0, partial_outage: 1, degraded_performance: 2, under_maintenance: 4 };
const NAMES_SHOWN = 4;

function componentList(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

/** Why a provider needs a look, or null when it is operational, read, and was so all of the last 24 h. */
export function attentionOf(p: AttentionInput): Attention | null {
  const t = p.trouble;
  const reasons: string[] = [];
  const ranks: number[] = [];
  if (p.suspected) {
    reasons.push("suspected outage, not yet acknowledged by its page");
    ranks.push(0);
  }
  if (STATUS_RANK[p.status] !== undefined) ranks.push(STATUS_RANK[p.status]!);
  if (t.incidentOpen) {
    reasons.push("open incident");
    ranks.push(2);
  }
  if (t.components.length) {
    reasons.push(`${t.components.length === 1 ? "component" : "components"} not operational: ${componentList(t.components)}`);
    ranks.push(2);
  }
  if (p.sourceHealth === "failing" || p.sourceHealth === "unreachable" || p.formatChange) ranks.push(3);
  if (p.status !== "operational" && STATUS_RANK[p.status] === undefined) ranks.push(5);
  else if (p.sourceHealth === "pending") ranks.push(5);
  if (!t.incidentOpen && t.incidentLast24h) reasons.push("an incident in the last 24 h, resolved");
  if (t.components.length === 0 && t.componentsLast24h) reasons.push("degraded or worse in the last 24 h, recovered");
  if (t.incidentLast24h || t.componentsLast24h) ranks.push(6);
  if (ranks.length === 0) return null;
  return { rank: Math.min(...ranks), reasons };
}

/** Providers needing attention first, worst first, then by name; the rest in their order. */
export function splitByAttention<T extends AttentionInput>(providers: readonly T[]): { attention: Array<T & { attention: Attention }>; healthy: T[] } {
  const attention: Array<T & { attention: Attention }> = [];
  const healthy: T[] = [];
  for (const p of providers) {
    const a = attentionOf(p);
    if (a) attention.push({ ...p, attention: a });
    else healthy.push(p);
  }
  attention.sort((a, b) => a.attention.rank - b.attention.rank || a.name.localeCompare(b.name));
  return { attention, healthy };
}
