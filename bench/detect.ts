import { judge } from "../src/detect/detector";
import { generate } from "../src/detect/eval/scenario";
import { SCENARIOS } from "../src/detect/eval/scenarios";

/**
 * `npx tsx bench/detect.ts`: the cost of one judge() call as the service makes it, with 14 days of
 * quarter-hour history (1,344 points) for the time-of-day baseline, quiet and mid-spike.
 */
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

function bench(label: string, spike: boolean): void {
  const spec = SCENARIOS.find((s) => s.name.startsWith("busy provider"))!;
  const scenario = generate({ ...spec, outages: 0 });
  const points = scenario.points.slice();
  const now = scenario.from.getTime() + 10 * DAY + 16 * 60 * MINUTE;
  const end = points.findIndex((p) => p.at.getTime() > now);
  // Mid-spike: the last 6 points far above usual, so every point of the run is judged.
  if (spike) for (let k = end - 6; k < end; k++) points[k] = { ...points[k]!, reports: points[k]!.reports * 20 + 500 };
  const input = {
    now: new Date(now),
    crowd: points.slice(end - 24, end),
    crowdHistory: points.filter((p) => p.at.getTime() <= now - DAY / 2 && p.at.getTime() > now - 14 * DAY),
    reports: [],
    probes: [],
    componentChanges: [],
    openIncident: false,
  };
  const state = judge(input).state;
  const runs = 2000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) judge(input);
  const perCall = Number(process.hrtime.bigint() - started) / runs / 1000;
  console.log(`${label.padEnd(52)} ${perCall.toFixed(0).padStart(6)} µs per judge() (${input.crowdHistory.length} history points, state ${state})`);
}

bench("quiet provider, 14 days of history", false);
bench("mid-spike (a run of 6 elevated points)", true);
