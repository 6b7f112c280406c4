import { replay } from "../detect/eval/replay";
import { generate } from "../detect/eval/scenario";
import { SCENARIOS } from "../detect/eval/scenarios";
import { figures, table } from "../detect/eval/summary";

/** `npm run evaluate`: replays the generated scenarios through judge() + stepEpisode() and prints the figures. */
function main(): void {
  const started = Date.now();
  const results = SCENARIOS.map((spec) => replay(generate(spec)));
  const rows = results.map((r) => figures(r.name, [r]));
  rows.push(figures("total", results));
  process.stdout.write(`${table(rows)}\n\n${SCENARIOS.length} scenarios, ${results.reduce((n, r) => n + r.days, 0)} provider-days, replayed every 5 min in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main();
