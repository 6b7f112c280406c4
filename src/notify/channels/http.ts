import { fail, type SendFailure, type SendResult } from "../errors";
import { UrlRefused } from "../url-guard";
import type { SendContext } from "./types";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Seconds or an HTTP date, as Retry-After carries it. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch says only "fetch failed"; somewhere down its cause chain is why (ECONNREFUSED, a reset…). */
export function networkCause(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
    if ((e as { name?: unknown }).name === "TimeoutError") return "timeout";
    e = (e as { original?: unknown; cause?: unknown }).original ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A refused URL or a network failure as a send result. */
export function requestFailure(service: string, err: unknown): SendFailure {
  if (err instanceof UrlRefused) return fail(err.retryable ? "retryable" : "permanent", err.message);
  const why = networkCause(err);
  return fail("retryable", `${service} request failed: ${err instanceof Error ? err.message : String(err)}${why ? ` (${why})` : ""}`);
}

/** POSTs JSON through the guarded fetch; the answer, or why there is none. */
export async function postJson(service: string, ctx: SendContext, url: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer | SendFailure> {
  try {
    const res = await ctx.fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { status: res.status, headers: res.headers, body: (await res.text()).slice(0, 2000) };
  } catch (err) {
    return requestFailure(service, err);
  }
}

export const isAnswer = (a: HttpAnswer | SendFailure): a is HttpAnswer => "status" in a;

/** The receiver's words, short, for the delivery log and the test endpoint. */
export function describe(service: string, a: HttpAnswer): string {
  const text = a.body.replace(/\s+/g, " ").trim().slice(0, 200);
  return `${service} answered HTTP ${a.status}${text ? `: ${text}` : ""}`;
}

/**
 * What an HTTP answer means for the delivery: 2xx sent; 429 throttled (the wait the receiver asks
 * for, not an attempt used); a malformed or gone target fails for good; anything else may pass later.
 */
export function answerResult(service: string, a: HttpAnswer, waitMs = retryAfterMs(a.headers.get("retry-after"))): SendResult {
  const said = describe(service, a);
  if (a.status >= 200 && a.status < 300) return { ok: true, answer: said };
  if (a.status >= 300 && a.status < 400) return fail("permanent", `${said} (a redirect; redirects are not followed)`);
  if (a.status === 429) return fail("retryable", said, waitMs, true);
  if ([400, 404, 410, 413, 422].includes(a.status)) return fail("permanent", said);
  return fail("retryable", said, waitMs);
}

/** POST and judge the answer in one step, for channels with no special cases. */
export async function postAndJudge(service: string, ctx: SendContext, url: string, payload: unknown, headers?: Record<string, string>): Promise<SendResult> {
  const a = await postJson(service, ctx, url, JSON.stringify(payload), headers);
  return isAnswer(a) ? answerResult(service, a) : a;
}

/** Cuts text to a limit, with an ellipsis. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
