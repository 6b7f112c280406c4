import type { DetectorSettings } from "./types";

const MINUTE = 60_000;

/** The defaults README's "Early warning: how the detector decides" documents; change both together. */
export const DEFAULT_SETTINGS: Readonly<DetectorSettings> = Object.freeze({
  suspectThreshold: 0.5,

  crowdBaselineFloor: 1,
  crowdMinReports: 10,
  crowdMinRatio: 3,
  crowdTailP: 1e-4,
  crowdSustainPoints: 2,
  crowdMaxGapMs: 35 * MINUTE,
  crowdStrongMinReports: 25,
  crowdStrongRatio: 8,
  crowdStrongTailP: 1e-9,
  crowdWindowPoints: 3,
  crowdMaxAgeMs: 45 * MINUTE,
  crowdSlotMs: 30 * MINUTE,
  crowdHistoryMinPoints: 5,

  minReporters: 3,
  reportWindowMs: 10 * MINUTE,

  probeK: 3,
  probeN: 5,
  probeMaxAgeMs: 15 * MINUTE,

  componentWindowMs: 60 * MINUTE,

  officialWeight: 0.9,
});

export function resolveSettings(overrides: Partial<DetectorSettings> = {}): DetectorSettings {
  const merged: DetectorSettings = { ...DEFAULT_SETTINGS };
  // An explicit `undefined` (an unset config value) keeps the default rather than erasing it.
  for (const [key, value] of Object.entries(overrides) as Array<[keyof DetectorSettings, number | undefined]>) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Partial evidence below a signal's own rule: at most 0.45, so it fires only together with another signal. */
export const partialScore = (have: number, need: number) => (need > 0 ? Math.min(0.45, (0.45 * have) / need) : 0);
