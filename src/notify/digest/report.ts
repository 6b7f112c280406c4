import type { ComponentStatus, Impact } from "../../domain/status";
import type { DigestFrequency } from "./period";

/** Everything a digest shows, gathered once; the HTML and text renderers only shape it. */
export interface DigestReport {
  subscriptionId: number;
  frequency: DigestFrequency;
  timeZone: string;
  period: { start: Date; end: Date; endDate: string };
  /** False for a preview of the period still running: figures run up to `generatedAt`. */
  complete: boolean;
  generatedAt: Date;
  publicUrl: string;
  providers: ProviderDigest[];
  /** Providers the subscription covers (all of them, when it names none) with nothing to report. */
  quietProviders: number;
  /** Held notifications that are not about incidents or outages (a page that could not be read …). */
  notices: DigestNotice[];
  unsubscribeUrl?: string;
}

export interface ProviderDigest {
  id: string;
  name: string;
  /** The provider's status page. */
  statusPageUrl: string;
  /** Our page for the provider. */
  dashboardUrl: string;
  incidents: DigestIncident[];
  /** The incidents still open when the period ended. */
  stillOpen: DigestIncident[];
  warnings: DigestWarning[];
  availability: { percent: number | null; downtimeSeconds: number; observedSeconds: number };
  /** One cell per local day (in `timeZone`) of the 30 days up to the period's end. */
  strip: Array<{ date: string; worst: ComponentStatus | null; uptimePercent: number | null }>;
  /** Month-to-date standing against the provider's published SLA; null without SLA terms. */
  sla: DigestSla | null;
}

export interface DigestIncident {
  id: number;
  title: string;
  impact: Impact;
  startedAt: Date;
  /** Null while open (at the period's end). */
  resolvedAt: Date | null;
  /** How long it lasted, or has lasted by the period's end. */
  durationSeconds: number;
  /** Our /incidents/:id page. */
  link: string;
  /** The incident on the provider's status page, when it is plain http(s). */
  providerUrl: string | null;
}

export interface DigestWarning {
  id: number;
  state: string;
  suspectedAt: Date;
  confirmedAt: Date | null;
  endedAt: Date | null;
  /** How long before the provider admitted it statuswatch suspected it. */
  leadSeconds: number | null;
  incidentId: number | null;
  link: string;
}

export interface DigestSla {
  month: string;
  slaPercent: number | null;
  availabilityPercent: number;
  downtimeSeconds: number;
  breached: boolean | null;
  creditPercent: number | null;
  link: string;
}

export interface DigestNotice {
  at: Date;
  providerName: string;
  tag: string;
  title: string;
  detail: string;
}

export function digestSubject(r: DigestReport): string {
  const incidents = r.providers.reduce((n, p) => n + p.incidents.length, 0);
  const open = r.providers.reduce((n, p) => n + p.stillOpen.length, 0);
  const counts = incidents === 0 ? "no incidents" : `${incidents} incident${incidents === 1 ? "" : "s"}${open ? `, ${open} still open` : ""}`;
  return `[Digest] statuswatch ${r.frequency}: ${counts} (${r.period.endDate})`;
}
