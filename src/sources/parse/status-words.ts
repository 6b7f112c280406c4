import type { ComponentStatus, IncidentStatus, MaintenanceStatus } from "../../domain/status";

/** Lower-cases and collapses punctuation so "Degraded-Performance", "degraded_performance" and "Degraded performance" meet. */
function key(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[_\-–—:.!]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const INCIDENT_WORDS: Record<string, IncidentStatus> = {
  investigating: "investigating",
  investigation: "investigating",
  open: "investigating",
  active: "investigating",
  ongoing: "investigating",
  "under investigation": "investigating",
  identified: "identified",
  "fix in progress": "identified",
  "mitigation in progress": "identified",
  monitoring: "monitoring",
  // Cachet's name for monitoring.
  watching: "monitoring",
  recovering: "monitoring",
  mitigated: "resolved",
  resolved: "resolved",
  fixed: "resolved",
  closed: "resolved",
  restored: "resolved",
  completed: "resolved",
  postmortem: "postmortem",
  "post mortem": "postmortem",
  "post incident report": "postmortem",
};

const MAINTENANCE_WORDS: Record<string, MaintenanceStatus> = {
  scheduled: "scheduled",
  "maintenance scheduled": "scheduled",
  upcoming: "scheduled",
  planned: "scheduled",
  "in progress": "in_progress",
  "maintenance in progress": "in_progress",
  verifying: "verifying",
  completed: "completed",
  "maintenance complete": "completed",
  "maintenance completed": "completed",
  cancelled: "cancelled",
  canceled: "cancelled",
};

const COMPONENT_WORDS: Record<string, ComponentStatus> = {
  operational: "operational",
  up: "operational",
  ok: "operational",
  normal: "operational",
  available: "operational",
  "all systems operational": "operational",
  "no issues": "operational",
  healthy: "operational",
  good: "operational",
  "degraded performance": "degraded_performance",
  degraded: "degraded_performance",
  "performance issues": "degraded_performance",
  slow: "degraded_performance",
  warning: "degraded_performance",
  "minor outage": "partial_outage",
  "partial outage": "partial_outage",
  "partial system outage": "partial_outage",
  "partially degraded service": "partial_outage",
  disruption: "partial_outage",
  "service disruption": "partial_outage",
  "major outage": "major_outage",
  "full outage": "major_outage",
  "major system outage": "major_outage",
  outage: "major_outage",
  "partial service disruption": "partial_outage",
  down: "major_outage",
  // Better Stack's word for a resource that is down.
  downtime: "major_outage",
  unavailable: "major_outage",
  "under maintenance": "under_maintenance",
  maintenance: "under_maintenance",
  "planned maintenance": "under_maintenance",
};

/** A provider's incident status word or feed label ("Investigating", "Resolved", "Post-mortem"); undefined for "Update" and unknown words. */
export function incidentStatusWord(raw: string | undefined): IncidentStatus | undefined {
  return raw === undefined ? undefined : INCIDENT_WORDS[key(raw)];
}

/** A maintenance label ("Scheduled", "In progress", "maintenance_complete"); undefined otherwise. */
export function maintenanceStatusWord(raw: string | undefined): MaintenanceStatus | undefined {
  return raw === undefined ? undefined : MAINTENANCE_WORDS[key(raw)];
}

/** A component status phrase ("Degraded Performance", "Major Outage", "Operational"); undefined otherwise. */
export function componentStatusWord(raw: string | undefined): ComponentStatus | undefined {
  return raw === undefined ? undefined : COMPONENT_WORDS[key(raw)];
}

/**
 * The state a free-text update announces, for pages without a status field (Azure, AWS, Slack notes).
 * Only explicit phrasing counts: "we are working to resolve" is not a resolution.
 */
export function statusHintFromText(text: string): IncidentStatus | undefined {
  const t = text.toLowerCase();
  if (
    /\b(?:has|have) (?:now )?been (?:fully |successfully |completely )?(?:resolved|mitigated|fixed)\b/.test(t) ||
    /\bis now (?:fully )?(?:resolved|mitigated)\b/.test(t) ||
    /^\s*(?:current )?(?:status:\s*)?(?:resolved|mitigated)\b/.test(t)
  ) {
    return "resolved";
  }
  if (/\bmonitoring\b/.test(t)) return "monitoring";
  if (/\b(?:have|has) identified\b|\bidentified (?:the|a) (?:root )?cause\b|\broot cause (?:has been|was) identified\b/.test(t)) return "identified";
  return undefined;
}

/** "Status: Resolved" / "Current status: Monitoring" written into a body. */
export function statusLineFromText(text: string): IncidentStatus | MaintenanceStatus | undefined {
  const m = /\bstatus\s*:\s*([A-Za-z][A-Za-z _-]{1,30}?)(?:\s*(?:\n|$|[.<]))/i.exec(text);
  if (!m) return undefined;
  return incidentStatusWord(m[1]) ?? maintenanceStatusWord(m[1]);
}
