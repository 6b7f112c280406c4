/** Inputs and outputs of the early-warning detector. Pure data: no clock, no database. */

export interface CrowdPoint {
  at: Date;
  reports: number;
  /** The usual count for this interval when the source gives one (DownDetector's baselineValue). */
  baseline?: number;
}

export interface OwnReport {
  at: Date;
  reporter: string;
  component?: string;
  symptom?: string;
}

export interface ProbeSample {
  at: Date;
  ok: boolean;
  probe?: string;
}

export interface ComponentChange {
  at: Date;
  component: string;
  from: string;
  to: string;
}

export interface DetectorInput {
  now: Date;
  /** Recent crowd-report series, oldest first. */
  crowd: CrowdPoint[];
  /** Older points (e.g. 14 days) for the time-of-day baseline. */
  crowdHistory?: CrowdPoint[];
  /** Own people's counted reports (already one per reporter per window). */
  reports: OwnReport[];
  /** Oldest first. */
  probes: ProbeSample[];
  /** Official component status changes. */
  componentChanges: ComponentChange[];
  /** The official page has an open incident now. */
  openIncident: boolean;
}

export interface DetectorSettings {
  /** Confidence at or above which the state is `suspected` (0–1). */
  suspectThreshold: number;

  /** Baselines below this are raised to it: a quiet hour of 0 reports does not make 3 reports a surprise. */
  crowdBaselineFloor: number;
  /** A crowd point with fewer reports is never elevated, whatever the baseline. */
  crowdMinReports: number;
  /** …nor with fewer than this many times its baseline (real report counts are burstier than Poisson). */
  crowdMinRatio: number;
  /** …nor when P(X ≥ reports | Poisson(baseline)) is above this. */
  crowdTailP: number;
  /** Consecutive elevated points needed to fire (the latest included). */
  crowdSustainPoints: number;
  /** Largest gap between two points still counted as consecutive. */
  crowdMaxGapMs: number;
  /** A single point fires at once when it has at least this many reports… */
  crowdStrongMinReports: number;
  /** …at least this many times its baseline… */
  crowdStrongRatio: number;
  /** …and a tail probability at or below this. */
  crowdStrongTailP: number;
  /** Points summed by the window test (a ramp: each point mildly high, together far beyond usual). */
  crowdWindowPoints: number;
  /** The latest crowd point must be this recent to count (a stale series says nothing about now). */
  crowdMaxAgeMs: number;
  /** Width of the time-of-day slot matched in crowdHistory (± half of it around the point's time of day). */
  crowdSlotMs: number;
  /** Fewer same-slot history points than this: fall back to the median of the whole history. */
  crowdHistoryMinPoints: number;

  /** Distinct own reporters within reportWindowMs that fire the reports signal (SUSPECT_MIN_REPORTERS). */
  minReporters: number;
  /** REPORT_WINDOW_MINUTES in ms. */
  reportWindowMs: number;

  /** Probes fire when at least probeK of the latest probeN samples failed. */
  probeK: number;
  probeN: number;
  /** Probe samples older than this are ignored. */
  probeMaxAgeMs: number;

  /** An official component change to a bad status counts for this long (while the component stays bad). */
  componentWindowMs: number;

  /** Evidence an open official incident adds to the confidence of a `confirmed` judgement. */
  officialWeight: number;
}

export interface Reason {
  signal: "crowd" | "reports" | "probe" | "component";
  text: string;
  /** The signal's own time of this evidence (the crowd point, the report, the probe sample, the change). */
  at: Date;
  /** This signal's evidence, 0–1; 0.5 and above means the signal alone fires. */
  score: number;
  /** The signal alone meets its rule. */
  fired: boolean;
}

export type DetectorState = "ok" | "suspected" | "confirmed";

export interface Judgement {
  state: DetectorState;
  confidence: number;
  /** Strongest first. */
  reasons: Reason[];
  /** The signal's own time when the threshold was crossed (absent when the signals are below it). */
  since?: Date;
  /** When the crowd run that fired began (its first elevated point); earlier than `since` when sustain was needed. */
  onset?: Date;
}
