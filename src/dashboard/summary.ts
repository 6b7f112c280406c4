/** What the header says, from the providers' states. Pure: "all operational" only when every provider was read and is. */
export interface SummaryInput {
  status: string;
  sourceHealth: "ok" | "failing" | "unreachable" | "pending";
}

export interface Summary {
  total: number;
  problems: number;
  maintenance: number;
  unreadable: number;
  notYetRead: number;
  suspected: number;
  allOperational: boolean;
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summarize(providers: SummaryInput[], suspectedOutages = 0): Summary {
  const total = providers.length;
  const problems = providers.filter((p) => !["operational", "unknown", "under_maintenance"].includes(p.status)).length;
  const maintenance = providers.filter((p) => p.status === "under_maintenance").length;
  const unreadable = providers.filter((p) => p.sourceHealth === "failing" || p.sourceHealth === "unreachable").length;
  const notYetRead = providers.filter((p) => p.sourceHealth === "pending" || (p.sourceHealth === "ok" && p.status === "unknown")).length;
  const allOperational = total > 0 && providers.every((p) => p.status === "operational" && p.sourceHealth === "ok") && suspectedOutages === 0;
  const parts: string[] = [];
  if (total === 0) parts.push("No providers are watched yet.");
  else if (allOperational) parts.push(`All ${plural(total, "watched provider is", "watched providers are")} operational.`);
  else {
    if (problems) parts.push(`${problems} of ${total} ${total === 1 ? "provider reports" : "providers report"} a problem.`);
    if (maintenance) parts.push(`${plural(maintenance, "provider is", "providers are")} under maintenance.`);
    if (suspectedOutages) parts.push(`${plural(suspectedOutages, "suspected outage", "suspected outages")} not yet confirmed by the provider.`);
    if (unreadable) parts.push(`${plural(unreadable, "source cannot", "sources cannot")} be read.`);
    if (notYetRead) parts.push(`${plural(notYetRead, "provider has", "providers have")} not been read yet.`);
    if (!problems && !maintenance && !suspectedOutages) parts.push("No provider reports a problem, but not every status is known.");
  }
  return { total, problems, maintenance, unreadable, notYetRead, suspected: suspectedOutages, allOperational, text: parts.join(" ") };
}
