import { formatP, log10PoissonTail } from "../../src/detect/poisson";

/** Direct sum of the probability mass for small cases: the reference the log-space tail must match. */
function tailBySum(k: number, lambda: number): number {
  let cdf = 0;
  let term = Math.exp(-lambda);
  for (let j = 0; j < k; j++) {
    cdf += term;
    term *= lambda / (j + 1);
  }
  return 1 - cdf;
}

describe("log10PoissonTail", () => {
  it.each([
    [7, 1],
    [9, 2],
    [10, 1],
    [3, 4],
    [1, 0.5],
    [13, 4],
    [20, 8],
    [60, 50],
    [4, 4],
  ])("P(X ≥ %d | λ = %d) matches the direct sum", (k, lambda) => {
    expect(10 ** log10PoissonTail(k, lambda)).toBeCloseTo(tailBySum(k, lambda), 10);
    expect(log10PoissonTail(k, lambda) / Math.log10(tailBySum(k, lambda))).toBeCloseTo(1, 6);
  });

  it.each([
    { name: "nothing reported is certain", k: 0, lambda: 4, expected: 0 },
    { name: "a zero baseline makes any report impossible", k: 1, lambda: 0, expected: -Infinity },
  ])("$name", ({ k, lambda, expected }) => expect(log10PoissonTail(k, lambda)).toBe(expected));

  it("stays finite far below the smallest double, and falls as the count grows", () => {
    const a = log10PoissonTail(187, 4);
    expect(a).toBeGreaterThan(-240);
    expect(a).toBeLessThan(-230);
    expect(log10PoissonTail(5000, 4000)).toBeLessThan(log10PoissonTail(4500, 4000));
    expect(Number.isFinite(log10PoissonTail(100_000, 10))).toBe(true);
    // At or below a large mean: about one half, without summing thousands of terms.
    expect(log10PoissonTail(90_000, 100_000)).toBeCloseTo(Math.log10(0.5), 5);
  });

  it.each([
    [Math.log10(0.76), "p = 0.76"],
    [-2.5, "p = 0.003"],
    [-4.08, "p < 1e-4"],
    [-234.3, "p < 1e-234"],
  ])("formats %d as %s", (log10p, text) => expect(formatP(log10p)).toBe(text));
});
