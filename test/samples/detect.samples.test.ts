import { judge } from "../../src/detect/detector";
import { stepEpisode, type Episode, type EpisodeAction, type OfficialState } from "../../src/detect/episode";
import type { CrowdPoint } from "../../src/detect/types";
import { readReportSignal } from "../../src/sources/downdetector/parse";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SAMPLES } from "./sample-files";

const GOOGLE = "downdetector/downdetector-google-br-2026-05-12T1455Z-stats-chartData-96pts-EXTRACTED.txt";
const MINUTE = 60_000;

const realSeries = (): CrowdPoint[] =>
  readReportSignal(readFileSync(path.join(SAMPLES, GOOGLE), "utf8")).points.map((p) => ({ at: p.at, reports: p.reports, baseline: p.baseline }));

/** Polls one minute after each point, as a signal poller would, through judge() and stepEpisode(). */
function replay(points: CrowdPoint[], official: (now: number) => OfficialState) {
  let episode: Episode | undefined;
  const actions: Array<{ at: number; action: EpisodeAction }> = [];
  const states: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const now = points[i]!.at.getTime() + MINUTE;
    const o = official(now);
    const j = judge({
      now: new Date(now),
      crowd: points.slice(Math.max(0, i - 7), i + 1),
      reports: [],
      probes: [],
      componentChanges: [],
      openIncident: o.openIncident,
    });
    states.push(j.state);
    const step = stepEpisode(episode, j, o, new Date(now));
    for (const action of step.actions) actions.push({ at: now, action });
    episode = step.episode?.endedAt ? undefined : step.episode;
  }
  return { actions, states, episode };
}

describe("detector on the real DownDetector series", () => {
  it("a whole quiet day of Google reports (bumps up to 9 on a baseline of 2, 5 on 0) raises nothing", () => {
    const points = realSeries();
    expect(points).toHaveLength(96);
    const r = replay(points, () => ({ openIncident: false }));
    expect(r.states.every((s) => s === "ok")).toBe(true);
    expect(r.actions).toEqual([]);
  });

  it.each([
    { name: "a strong first point fires at once", spike: [40, 150, 187, 160, 120, 90], lead: 40 },
    { name: "a moderate first point, strong after, fires at the second", spike: [14, 90, 187, 160, 120, 90], lead: 25 },
  ])("a spike grafted on the real series 40 min before Investigating ($name): suspected first, lead ≥ 25 min", ({ spike, lead }) => {
    const points = realSeries();
    const start = points.findIndex((p) => p.at.toISOString().startsWith("2026-05-12T09:09"));
    spike.forEach((extra, k) => (points[start + k]!.reports += extra));
    const investigating = points[start]!.at.getTime() + 40 * MINUTE;
    const r = replay(points, (now) =>
      now >= investigating && now < investigating + 3 * 3_600_000
        ? { openIncident: true, incidentId: "inc", firstUpdateAt: new Date(investigating) }
        : { openIncident: false },
    );
    const kinds = r.actions.map((a) => a.action.kind);
    expect(kinds.slice(0, 2)).toEqual(["open", "confirm"]);
    expect(r.actions[0]!.at).toBeLessThan(investigating);
    const confirm = r.actions[1]!.action;
    expect(confirm.kind === "confirm" && confirm.leadSeconds).toBe(lead * 60);
  });
});
