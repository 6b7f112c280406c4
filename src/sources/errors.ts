/**
 * Why a poll failed. `retryable` failures (network, timeout, 5xx, 429) are retried within a poll;
 * the others mean the page answered but with something we cannot use.
 */
export type SourceErrorKind = "unreachable" | "timeout" | "http_status" | "too_large" | "invalid_payload" | "invalid_config";

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly retryable: boolean = kind === "unreachable" || kind === "timeout",
    readonly retryAfterMs?: number,
    /** For http_status: the answer's status and the document's URL (a 404 may mean the page changed format). */
    readonly answer?: { status: number; url: string },
  ) {
    super(message);
    this.name = "SourceError";
  }

  get status(): number | undefined {
    return this.answer?.status;
  }

  get url(): string | undefined {
    return this.answer?.url;
  }
}

export function invalidPayload(what: string): SourceError {
  return new SourceError("invalid_payload", what, false);
}

export function describeError(err: unknown): string {
  if (err instanceof SourceError) return `${err.kind}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
