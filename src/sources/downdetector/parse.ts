import type { Snapshot } from "../../domain/snapshot";
import type { ComponentStatus } from "../../domain/status";
import { invalidPayload } from "../errors";
import { isRecord, parseJson, str, toDate } from "../parse/parse-helpers";

/**
 * Crowd reports, DownDetector style: how many users reported a problem in each recent interval,
 * against the usual number (the baseline). Users notice before a status page admits anything, so
 * the signal becomes a "User reports" component whose status can change before any incident opens.
 *
 * Reads a DownDetector page (its chart data, also when embedded as escaped Next.js page data) or a
 * JSON document of report counts: `[{ "at", "reports", "baseline" }]` (or DownDetector's own names
 * `timestampUtc`, `reportsValue`, `baselineValue`), bare or under `points`.
 */
export interface DowndetectorOptions {
  /** Fewer reports than this are never a problem, whatever the baseline (default 10). */
  minReports?: number;
  /** Reports at this many times the baseline mean degraded; twice that factor, a major outage (default 3). */
  factor?: number;
}

export interface ReportPoint {
  at: Date;
  reports: number;
  baseline: number;
}

export interface ReportSignal {
  points: ReportPoint[];
  /** The page's own verdict when it gives one (DownDetector: success, warning, danger). */
  pageStatus?: string;
  /** What users say is broken, most reported first. */
  indicators: Array<{ name: string; percentage: number }>;
}

const PAGE_STATUS: Record<string, ComponentStatus> = { success: "operational", warning: "degraded_performance", danger: "major_outage" };

const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
};

function pointFrom(raw: Record<string, unknown>): ReportPoint | undefined {
  const at = toDate(raw.timestampUtc ?? raw.at ?? raw.timestamp ?? raw.time);
  const reports = num(raw.reportsValue ?? raw.reports ?? raw.count);
  const baseline = num(raw.baselineValue ?? raw.baseline) ?? 0;
  return at && reports !== undefined ? { at, reports, baseline } : undefined;
}

function fromJson(doc: unknown): ReportSignal {
  const stats = isRecord(doc) && isRecord(doc.stats) ? doc.stats : undefined;
  const chart = stats && isRecord(stats.chartData) ? stats.chartData.dataPoints : undefined;
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.points) ? doc.points : Array.isArray(chart) ? chart : undefined;
  if (!list) throw invalidPayload("report counts JSON has no points array");
  return {
    points: list.filter(isRecord).flatMap((p) => pointFrom(p) ?? []),
    pageStatus: str(stats?.status),
    indicators: [],
  };
}

/** The chart's data points wherever the page embeds them; Next.js pages escape the quotes. */
function fromPage(html: string): ReportSignal {
  const text = html.includes('\\"timestampUtc\\"') ? html.replace(/\\"/g, '"') : html;
  const points: ReportPoint[] = [];
  // Found by index, each object within a bounded window: a regex spanning "{…timestampUtc…}"
  // backtracks quadratically on a page full of the name and no braces.
  const WINDOW = 400;
  for (let at = text.indexOf('"timestampUtc"'); at >= 0 && points.length < 10_000; at = text.indexOf('"timestampUtc"', at + 1)) {
    const before = text.slice(Math.max(0, at - WINDOW), at);
    const open = before.lastIndexOf("{");
    const after = text.slice(at, at + WINDOW);
    const close = after.indexOf("}");
    if (open < 0 || close < 0 || before.slice(open + 1).includes("}") || after.slice(0, close).includes("{")) continue;
    try {
      const p = pointFrom(JSON.parse(before.slice(open) + after.slice(0, close + 1)) as Record<string, unknown>);
      if (p) points.push(p);
    } catch {
      // Not a JSON object after all: the page only mentioned the name.
    }
  }
  const indicators = [...text.matchAll(/"localizedName"\s*:\s*"([^"]{1,80})"\s*,\s*"count"\s*:\s*\d+\s*,\s*"percentage"\s*:\s*([\d.]+)/g)].map((m) => ({
    name: m[1]!,
    percentage: Number(m[2]),
  }));
  return { points, pageStatus: /"stats"\s{0,5}:\s{0,5}\{[^{}]{0,2000}?"status"\s{0,5}:\s{0,5}"(\w{1,20})"/.exec(text)?.[1], indicators };
}

export function readReportSignal(text: string): ReportSignal {
  const signal = /^\s*[[{]/.test(text) ? fromJson(parseJson(text, "report counts")) : fromPage(text);
  if (signal.points.length === 0) throw invalidPayload("no report counts found: not a DownDetector page or report-count document");
  signal.points.sort((a, b) => a.at.getTime() - b.at.getTime());
  signal.indicators.sort((a, b) => b.percentage - a.percentage);
  return signal;
}

/** The latest interval judged: the page's own verdict when it has one, else reports against the baseline. Pure. */
export function snapshotFromReports(signal: ReportSignal, options: DowndetectorOptions = {}): Snapshot {
  const minReports = options.minReports ?? 10;
  const factor = options.factor ?? 3;
  const latest = signal.points.at(-1)!;
  const usual = Math.max(latest.baseline, 1);
  const computed: ComponentStatus =
    latest.reports >= minReports && latest.reports >= 2 * factor * usual
      ? "major_outage"
      : latest.reports >= minReports && latest.reports >= factor * usual
        ? "degraded_performance"
        : "operational";
  const status = (signal.pageStatus && PAGE_STATUS[signal.pageStatus.toLowerCase()]) || computed;
  const top = signal.indicators[0];
  const description =
    `${latest.reports} user report${latest.reports === 1 ? "" : "s"} in the latest interval (usually ${latest.baseline})` +
    (top ? `; most reported: ${top.name} (${Math.round(top.percentage)} %)` : "");
  return {
    status,
    statusDescription: description,
    components: [{ externalId: "user-reports", name: "User reports", status, description, updatedAt: latest.at }],
    incidents: [],
    maintenances: [],
  };
}
