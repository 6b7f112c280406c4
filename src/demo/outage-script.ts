/**
 * A Claude-style API outage as a Statuspage page would publish it, stage by stage: the API
 * component degrades, an incident is opened, then Identified, Monitoring and Resolved.
 * Used by `npm run demo` (served by a local HTTP server) and by tests.
 */
export interface OutageStage {
  label: string;
  apiStatus: "operational" | "degraded_performance" | "partial_outage" | "major_outage";
  incident?: "investigating" | "identified" | "monitoring" | "resolved";
}

export const OUTAGE_STAGES: OutageStage[] = [
  { label: "all systems operational", apiStatus: "operational" },
  { label: "API degraded, no incident yet", apiStatus: "degraded_performance" },
  { label: "incident opened: Investigating", apiStatus: "partial_outage", incident: "investigating" },
  { label: "Identified", apiStatus: "partial_outage", incident: "identified" },
  { label: "Monitoring", apiStatus: "degraded_performance", incident: "monitoring" },
  { label: "Resolved", apiStatus: "operational", incident: "resolved" },
];

const INCIDENT_ID = "demo0utage01";
const UPDATE_TEXT: Record<NonNullable<OutageStage["incident"]>, string> = {
  investigating: "We are currently investigating elevated error rates on the Claude API.",
  identified: "The issue has been identified and a fix is being implemented.",
  monitoring: "A fix has been implemented and we are monitoring the results.",
  resolved: "This incident has been resolved. Error rates have returned to normal.",
};
const ORDER = ["investigating", "identified", "monitoring", "resolved"] as const;

export interface StatuspageDocuments {
  summary: object;
  incidents: object;
  maintenances: object;
}

/** The page's JSON at a stage; `stepMs` is how far apart the stages are on the page's clock. */
export function statuspageAt(stageIndex: number, baseUrl: string, startMs: number, stepMs: number): StatuspageDocuments {
  const stage = OUTAGE_STAGES[Math.min(stageIndex, OUTAGE_STAGES.length - 1)]!;
  const at = (i: number) => new Date(startMs + i * stepMs).toISOString();
  const firstIncidentStage = OUTAGE_STAGES.findIndex((s) => s.incident);
  const components = [
    { id: "cmp-api", name: "Claude API (api.anthropic.com)", status: stage.apiStatus, group: false, group_id: null, updated_at: at(stageIndex) },
    { id: "cmp-web", name: "claude.ai", status: "operational", group: false, group_id: null, updated_at: at(0) },
    { id: "cmp-console", name: "Console (console.anthropic.com)", status: "operational", group: false, group_id: null, updated_at: at(0) },
  ];
  const incidents = [];
  if (stage.incident) {
    const reached = ORDER.slice(0, ORDER.indexOf(stage.incident) + 1);
    const updates = reached
      .map((status, i) => ({
        id: `upd-${status}`,
        status,
        body: UPDATE_TEXT[status],
        created_at: at(firstIncidentStage + i),
        display_at: at(firstIncidentStage + i),
        affected_components: [{ code: "cmp-api", name: "Claude API (api.anthropic.com)", old_status: "operational", new_status: "partial_outage" }],
      }))
      .reverse();
    incidents.push({
      id: INCIDENT_ID,
      name: "Elevated errors on Claude API",
      status: stage.incident,
      impact: "major",
      created_at: at(firstIncidentStage),
      updated_at: at(stageIndex),
      started_at: at(firstIncidentStage),
      resolved_at: stage.incident === "resolved" ? at(stageIndex) : null,
      shortlink: "https://stspg.io/demo",
      incident_updates: updates,
      components: [components[0]],
    });
  }
  const indicator = stage.apiStatus === "operational" ? "none" : stage.apiStatus === "degraded_performance" ? "minor" : "major";
  const page = { id: "demo", name: "Anthropic (simulated)", url: baseUrl, time_zone: "Etc/UTC", updated_at: at(stageIndex) };
  return {
    summary: {
      page,
      status: { indicator, description: indicator === "none" ? "All Systems Operational" : "Partial System Outage" },
      components,
      incidents: incidents.filter((i) => i.status !== "resolved"),
      scheduled_maintenances: [],
    },
    incidents: { page, incidents },
    maintenances: { page, scheduled_maintenances: [] },
  };
}
