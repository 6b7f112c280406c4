import { NetError, networkCode, parseRetryAfter } from "../../net";
import { fail, type SendFailure, type SendResult } from "../errors";
import { UrlRefused } from "../url-guard";
import type { SendContext } from "./types";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** A refused URL or a network failure as a send result: a timeout or an unreachable host may pass later, the rest will not. */
export function requestFailure(service: string, err: unknown): SendFailure {
  if (err instanceof UrlRefused) return fail("permanent", err.message);
  if (err instanceof NetError && err.kind === "blocked") return fail("permanent", `${service} request refused: ${err.message}`);
  if (err instanceof NetError) {
    const code = err.code && !err.message.includes(err.code) ? ` (${err.code})` : "";
    return fail(err.retryable ? "retryable" : "permanent", `${service} request failed: ${err.message}${code}`);
  }
  const code = networkCode(err);
  return fail("retryable", `${service} request failed: ${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ""}`);
}

/** POSTs JSON through the guarded fetch; the answer, or why there is none. */
export async function postJson(
  service: string,
  ctx: SendContext,
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer | SendFailure> {
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
export function answerResult(service: string, a: HttpAnswer, waitMs = parseRetryAfter(a.headers.get("retry-after"))): SendResult {
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
