import type { OutageSpec, ScenarioSpec } from "./scenario";

const none: OutageSpec = { peak: [0, 0], rampPoints: [1, 1], durationMinutes: [60, 60], ackLagMinutes: null };
const quiet = { outages: 0, outage: none };

/**
 * The scenarios `npm run evaluate` replays: quiet periods full of lone bumps, outages from obvious to
 * barely visible, pages that admit late, never, or first. 30 days each unless said otherwise.
 */
export const SCENARIOS: ScenarioSpec[] = [
  {
    name: "quiet small provider, lone bumps", seed: 1, days: 30, historyDays: 14, base: 2, nightFactor: 0.25, weekendFactor: 0.7,
    burstiness: 0.3, bumpsPerDay: 4, sourceBaseline: true, ...quiet,
  },
  {
    name: "quiet busy provider, bursty", seed: 2, days: 30, historyDays: 14, base: 150, nightFactor: 0.15, weekendFactor: 0.6,
    burstiness: 0.25, bumpsPerDay: 4, sourceBaseline: false, ...quiet,
  },
  {
    name: "quiet, very bursty, history baseline", seed: 11, days: 30, historyDays: 14, base: 8, nightFactor: 0.2, weekendFactor: 0.6,
    burstiness: 0.45, bumpsPerDay: 6, sourceBaseline: false, ...quiet,
  },
  {
    name: "strong outages, page 20–60 min late", seed: 3, days: 30, historyDays: 14, base: 4, nightFactor: 0.25, weekendFactor: 0.7,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 6, outage: { peak: [80, 300], rampPoints: [1, 2], durationMinutes: [45, 180], ackLagMinutes: [20, 60] },
  },
  {
    name: "page admits 40 min after the start", seed: 4, days: 30, historyDays: 14, base: 3, nightFactor: 0.3, weekendFactor: 0.8,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 6, outage: { peak: [30, 200], rampPoints: [1, 2], durationMinutes: [60, 150], ackLagMinutes: [40, 40] },
  },
  {
    name: "moderate outages, slow ramp", seed: 5, days: 30, historyDays: 14, base: 4, nightFactor: 0.25, weekendFactor: 0.7,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 6, outage: { peak: [20, 40], rampPoints: [2, 4], durationMinutes: [60, 180], ackLagMinutes: [10, 45] },
  },
  {
    name: "weak outages (barely above noise)", seed: 6, days: 30, historyDays: 14, base: 3, nightFactor: 0.3, weekendFactor: 0.8,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 6, outage: { peak: [8, 14], rampPoints: [1, 3], durationMinutes: [45, 120], ackLagMinutes: [15, 45] },
  },
  {
    name: "outages the page never admits", seed: 7, days: 30, historyDays: 14, base: 5, nightFactor: 0.25, weekendFactor: 0.7,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 5, outage: { peak: [60, 250], rampPoints: [1, 2], durationMinutes: [45, 150], ackLagMinutes: null },
  },
  {
    name: "page admits first (−10…+5 min)", seed: 8, days: 30, historyDays: 14, base: 4, nightFactor: 0.25, weekendFactor: 0.7,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true,
    outages: 5, outage: { peak: [40, 200], rampPoints: [1, 3], durationMinutes: [60, 150], ackLagMinutes: [-10, 5] },
  },
  {
    name: "busy provider, no source baseline, past outages in history", seed: 9, days: 30, historyDays: 14, base: 60, nightFactor: 0.15,
    weekendFactor: 0.6, burstiness: 0.25, bumpsPerDay: 3, sourceBaseline: false, historyOutages: 3,
    outages: 6, outage: { peak: [250, 1500], rampPoints: [1, 3], durationMinutes: [60, 180], ackLagMinutes: [15, 60] },
  },
  {
    name: "quiet crowd, own reporters carry it", seed: 10, days: 30, historyDays: 14, base: 1, nightFactor: 0.3, weekendFactor: 0.8,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true, ownReporters: { perFiveMinutes: 0.8, straysPerDay: 6 },
    outages: 6, outage: { peak: [3, 6], rampPoints: [1, 2], durationMinutes: [45, 120], ackLagMinutes: [20, 50] },
  },
  {
    name: "quiet crowd, probes carry it", seed: 12, days: 30, historyDays: 14, base: 1, nightFactor: 0.3, weekendFactor: 0.8,
    burstiness: 0.3, bumpsPerDay: 3, sourceBaseline: true, probes: { everyMinutes: 2, failQuiet: 0.02, failDuringOutage: 0.6 },
    outages: 6, outage: { peak: [2, 5], rampPoints: [1, 2], durationMinutes: [30, 120], ackLagMinutes: [10, 40] },
  },
];
