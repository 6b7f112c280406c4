import compression from "compression";
import type { Request, RequestHandler, Response } from "express";

/**
 * gzip or brotli for responses worth it (HTML, JSON, Atom, CSV: what `compression` deems
 * compressible, 1 KB or more); `/` with 300 providers shrinks about thirty-fold. Never a stream of
 * events: compression holds written bytes back to fill its window, and an event must reach the
 * client when it is written.
 */
export function compressResponses(): RequestHandler {
  return compression({ filter: worthCompressing });
}

export function worthCompressing(req: Request, res: Response): boolean {
  const type = String(res.getHeader("content-type") ?? "");
  if (/^text\/event-stream\b/i.test(type)) return false;
  return compression.filter(req, res);
}
