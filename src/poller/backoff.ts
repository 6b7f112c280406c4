/**
 * Seconds from one poll to the next. A source is polled at its interval until it is unreachable
 * (`threshold` failures in a row); then the gap doubles per further failure, interval × 2^k with
 * k = failures − threshold + 1, capped at `capSeconds` (never below the interval itself). A success
 * resets it, because the claim of every poll schedules the next one at the plain interval.
 */
export function pollDelaySeconds(intervalSeconds: number, consecutiveFailures: number, threshold: number, capSeconds: number): number {
  if (consecutiveFailures < threshold) return intervalSeconds;
  const k = Math.min(30, consecutiveFailures - threshold + 1);
  return Math.max(intervalSeconds, Math.min(capSeconds, intervalSeconds * 2 ** k));
}
