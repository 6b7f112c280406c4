import { safeHref } from "../../util/escape-html";
import { incidentFacts, localStamp, percent, periodLabel, STATUS_CHAR, warningFacts } from "./format";
import type { DigestReport, ProviderDigest } from "./report";

/** Control characters from upstream text would let a title forge lines of the mail. */
const clean = (s: string) => s.replace(/\p{Cc}+/gu, " ").trim();

function provider(p: ProviderDigest, r: DigestReport): string[] {
  const tz = r.timeZone;
  const out = [`== ${clean(p.name)} ==`, `Availability this period: ${percent(p.availability.percent)}`];
  out.push(
    `Last 30 days: ${p.strip.map((d) => STATUS_CHAR[d.worst ?? "unknown"]).join("")}  (. up  ~ degraded  + partial  # major  m maintenance  ? not observed)`,
  );
  if (p.sla) {
    const s = p.sla;
    const standing = s.breached
      ? `below the ${s.slaPercent} % SLA${s.creditPercent ? `, credit ${s.creditPercent} %` : ""}`
      : `within the ${s.slaPercent} % SLA`;
    out.push(`SLA ${s.month} to date: ${percent(s.availabilityPercent)}, ${standing}  ${s.link}`);
  }
  out.push("");
  if (p.incidents.length === 0) out.push("No incidents in this period.");
  else {
    out.push(`Incidents (${p.incidents.length}):`);
    for (const i of p.incidents) {
      out.push(`- ${clean(i.title)}`, `  ${incidentFacts(i, tz)}`, `  ${i.link}`);
      const upstream = safeHref(i.providerUrl);
      if (upstream) out.push(`  ${upstream}`);
    }
  }
  if (p.stillOpen.length) {
    out.push("", `Still open (${p.stillOpen.length}):`);
    for (const i of p.stillOpen) out.push(`- ${clean(i.title)} (${i.impact}, since ${localStamp(i.startedAt, tz)})  ${i.link}`);
  }
  if (p.warnings.length) {
    out.push("", `Early warnings (${p.warnings.length}):`);
    for (const w of p.warnings) out.push(`- ${warningFacts(w, tz)}  ${w.link}`);
  }
  const page = safeHref(p.statusPageUrl);
  out.push(...(page ? [`Status page: ${page}`] : []), "");
  return out;
}

/** The plain-text digest. Pure. */
export function renderDigestText(r: DigestReport): string {
  const lines = [`statuswatch ${r.frequency} digest`, periodLabel(r), ""];
  if (r.providers.length === 0) lines.push("Nothing happened at the providers you follow.", "");
  for (const p of r.providers) lines.push(...provider(p, r));
  if (r.quietProviders > 0) lines.push(`${r.quietProviders} other provider${r.quietProviders === 1 ? "" : "s"}: no incidents and no warnings.`, "");
  if (r.notices.length) {
    lines.push("Other notices:");
    for (const n of r.notices)
      lines.push(`- ${localStamp(n.at, r.timeZone)} [${clean(n.tag)}] ${clean(n.providerName)}: ${clean(n.title)}: ${clean(n.detail)}`);
    lines.push("");
  }
  lines.push(`Dashboard: ${r.publicUrl}/`);
  if (r.unsubscribeUrl) lines.push(`Unsubscribe: ${r.unsubscribeUrl}`);
  return lines.join("\n");
}
