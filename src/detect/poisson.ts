/** log Γ(x) for x > 0 (Lanczos, g = 7): exact enough (1e-13) for tail probabilities shown to one digit. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logPmf = (k: number, lambda: number) => -lambda + k * Math.log(lambda) - logGamma(k + 1);

/**
 * log10 P(X ≥ k) for X ~ Poisson(lambda). In log space because a real outage (187 reports where 4 are
 * usual) has a tail far below the smallest double.
 */
export function log10PoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (!(lambda > 0)) return -Infinity;
  k = Math.ceil(k);
  if (k <= lambda) {
    // At or below the mean the tail is about one half or more: no surprise, and exactness does not matter.
    if (lambda > 1000) return Math.log10(0.5);
    // 1 − P(X ≤ k − 1), summed from 0 (k is at most lambda, so at most 1000 terms).
    let cdf = 0;
    for (let j = 0; j < k; j++) cdf += Math.exp(logPmf(j, lambda));
    return Math.log10(Math.max(1 - cdf, Number.MIN_VALUE));
  }
  // Terms fall from k on (k > lambda): sum them relative to the first, stop when they no longer matter.
  const first = logPmf(k, lambda);
  let sum = 1;
  let term = 1;
  for (let j = k + 1; j < k + 10_000; j++) {
    term *= lambda / j;
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return Math.min(0, (first + Math.log(sum)) / Math.LN10);
}

/** "p < 1e-9" style for reasons in words. */
export function formatP(log10p: number): string {
  if (log10p >= -2) return `p = ${(10 ** log10p).toFixed(2)}`;
  const exp = Math.floor(log10p);
  return exp <= -4 ? `p < 1e${exp + 1}` : `p = ${(10 ** log10p).toFixed(3)}`;
}
