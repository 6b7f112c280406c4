/**
 * Why an outbound request failed. `blocked`: the address policy refused it (never retried);
 * `timeout` and `unreachable` may pass later; `too_large`, `redirect` and `invalid_url` will not.
 */
export type NetErrorKind = "blocked" | "timeout" | "unreachable" | "too_large" | "redirect" | "invalid_url";

export class NetError extends Error {
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    /** The network code when there is one (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…). */
    readonly code?: string,
  ) {
    super(message);
    this.name = "NetError";
  }

  get retryable(): boolean {
    return this.kind === "timeout" || this.kind === "unreachable";
  }
}

/** A network code somewhere down an error's cause chain, for messages better than "fetch failed". */
export function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
