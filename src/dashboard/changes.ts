import type { RecentEvent } from "../services/dashboard";
import { statusWord } from "./parts";

type Change = Pick<RecentEvent, "kind" | "title" | "component" | "from" | "to" | "providerId" | "incidentId" | "maintenanceId">;

const arrow = (from: string | null, to: string | null) => (from ? `${statusWord(from)} → ${statusWord(to)}` : statusWord(to));

/** A change in words a person reads: "API: degraded → operational", "Resolved: Elevated errors". Pure, unescaped. */
export function changeInWords(e: Change): string {
  const title = e.title ?? "untitled";
  switch (e.kind) {
    case "component_status_changed":
      return `${e.component ?? "A component"}: ${arrow(e.from, e.to)}`;
    case "provider_status_changed":
      return `Overall: ${arrow(e.from, e.to)}`;
    case "incident_opened":
      return `Incident opened: ${title}`;
    case "incident_status_changed":
      return `${title}: ${arrow(e.from, e.to)}`;
    case "incident_update_posted":
      return `New update: ${title}`;
    case "incident_resolved":
      return `Resolved: ${title}`;
    case "incident_reminder":
      return `Still open: ${title}`;
    case "maintenance_scheduled":
      return `Maintenance scheduled: ${title}`;
    case "maintenance_started":
      return `Maintenance started: ${title}`;
    case "maintenance_status_changed":
      return `Maintenance ${title}: ${arrow(e.from, e.to)}`;
    case "maintenance_completed":
      return `Maintenance completed: ${title}`;
    case "source_unreachable":
      return "Its status page cannot be read";
    case "source_recovered":
      return "Its status page can be read again";
    case "source_format_changed":
      return "Its status page changed format: statuswatch no longer reads it as before";
    case "source_format_recovered":
      return "Its status page reads as before again";
    case "component_flapping":
      return `${e.component ?? "A component"} keeps changing status`;
    case "outage_suspected":
      return "Suspected outage: signals say it is down; the status page says nothing yet";
    case "outage_confirmed":
      return "Suspected outage confirmed by the status page";
    case "outage_cleared":
      return "Suspected outage cleared";
    default:
      return String(e.kind).replace(/_/g, " ");
  }
}

/** Where a change leads: its incident, its maintenance, else its provider's page. */
export function changeHref(e: Change): string {
  if (e.incidentId) return `/incidents/${e.incidentId}`;
  if (e.maintenanceId) return `/maintenances/${e.maintenanceId}`;
  return `/providers/${encodeURIComponent(e.providerId)}`;
}
