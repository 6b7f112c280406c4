import { replay } from "../detect/eval/replay";
import { generate } from "../detect/eval/scenario";
import { SCENARIOS } from "../detect/eval/scenarios";
import { figures, table } from "../detect/eval/summary";

/** Each scenario is replayed with this many seeds: a handful of outages per run is too few to judge by. */
const SEEDS = 3;

/** `npm run evaluate`: replays the generated scenarios through judge() + stepEpisode() and prints the figures. */
function main(): void {
  const started = Date.now();
  const perScenario = SCENARIOS.map((spec) => Array.from({ length: SEEDS }, (_, k) => replay(generate({ ...spec, seed: spec.seed + 1000 * k }))));
  const rows = perScenario.map((results, i) => figures(SCENARIOS[i]!.name, results));
  rows.push(figures("total", perScenario.flat()));
  const days = perScenario.flat().reduce((n, r) => n + r.days, 0);
  process.stdout.write(
    `${table(rows)}\n\n${SCENARIOS.length} scenarios × ${SEEDS} seeds, ${days} provider-days judged every 5 min, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main();
