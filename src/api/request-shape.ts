/** Deeper than any request this API takes, shallow enough to walk without a second thought. */
export const MAX_DEPTH = 32;
export const MAX_VALUES = 10_000;

export type ShapeProblem = "nul" | "too-deep" | "too-many";

/**
 * Looks through a parsed request (body or query) for what the API refuses: U+0000 in any string
 * or key (Postgres text cannot hold it), nesting deeper than MAX_DEPTH, more than MAX_VALUES values.
 * Iterative, so no input can exhaust the stack.
 */
export function requestShapeProblem(value: unknown): ShapeProblem | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++seen > MAX_VALUES) return "too-many";
    if (typeof v === "string") {
      if (v.includes("\u0000")) return "nul";
      continue;
    }
    if (!v || typeof v !== "object") continue;
    if (depth >= MAX_DEPTH) return "too-deep";
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (k.includes("\u0000")) return "nul";
      stack.push({ v: item, depth: depth + 1 });
    }
  }
  return undefined;
}
