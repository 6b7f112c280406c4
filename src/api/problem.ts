import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";

/** An RFC 9457 problem; routers throw these and the error handler renders them. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export function notFound(what: string): HttpProblem {
  return new HttpProblem(404, "Not Found", `${what} does not exist`);
}

export function invalidParams(error: z.ZodError, where: "query" | "body" | "path"): HttpProblem {
  const params = error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => ({ name: k, reason: "is not a known parameter" }))
      : [{ name: String(i.path[0] ?? where), reason: i.message }],
  );
  const names = [...new Set(params.map((p) => p.name))];
  return new HttpProblem(400, "Invalid request", `invalid ${where} parameter${names.length > 1 ? "s" : ""}: ${names.join(", ")}`, {
    "invalid-params": params,
  });
}

export function sendProblem(res: Response, p: HttpProblem): void {
  res
    .status(p.status)
    .type("application/problem+json")
    .send(JSON.stringify({ type: "about:blank", title: p.title, status: p.status, ...(p.detail ? { detail: p.detail } : {}), ...p.extra }));
}

export function problemHandler(log: { error(obj: object, msg: string): void }) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof HttpProblem) return sendProblem(res, err);
    const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    if (status && status >= 400 && status < 500) {
      const type = (err as { type?: string }).type;
      const detail = type === "entity.parse.failed" ? "request body is not valid JSON" : type === "entity.too.large" ? "request body is too large" : undefined;
      return sendProblem(res, new HttpProblem(status, status === 413 ? "Payload Too Large" : "Bad Request", detail));
    }
    log.error({ err }, "request failed");
    sendProblem(res, new HttpProblem(500, "Internal Server Error", "the server could not complete the request"));
  };
}
