/** The outcome of one send; failures are values whose kind tells the dispatcher what to do. */
export type SendResult = { ok: true; messageId?: string /** What the receiver said, for the test endpoint. */; answer?: string } | SendFailure;

export interface SendFailure {
  ok: false;
  kind: "retryable" | "permanent" | "invalid-config";
  reason: string;
  /** The receiver asked us to wait this long (Retry-After). */
  retryAfterMs?: number;
  /** Throttled (HTTP 429): the receiver works, so this does not use up an attempt. */
  rateLimited?: boolean;
}

export const fail = (kind: SendFailure["kind"], reason: string, retryAfterMs?: number, rateLimited?: boolean): SendFailure => ({
  ok: false,
  kind,
  reason,
  retryAfterMs,
  rateLimited,
});
