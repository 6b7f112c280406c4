import type { RequestHandler } from "express";
import type { Metrics } from "../metrics/metrics";
import { sameSecret } from "../notify/tokens";
import { HttpProblem } from "./problem";

/**
 * `/api/v1/incidents/:id` for `/api/v1/incidents/42`. By the time a response finishes, Express has
 * unwound the nested routers' `baseUrl`; the mount points are static, so the matched route's own
 * path takes the place of as many trailing segments of the URL.
 */
export function routePattern(originalUrl: string, routePath: unknown): string {
  if (typeof routePath !== "string") return "unmatched";
  const segments = (originalUrl.split("?")[0] ?? "").split("/").filter(Boolean);
  const own = routePath.split("/").filter(Boolean).length;
  const mount = segments.slice(0, Math.max(0, segments.length - own)).join("/");
  return `${mount ? `/${mount}` : ""}${routePath === "/" && mount ? "" : routePath}` || "/";
}

/** Times each request, labelled by the route pattern that answered it (`/api/v1/incidents/:id`), never the raw path. */
export function timeRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on("finish", () => end({ method: req.method, route: routePattern(req.originalUrl, req.route?.path), status: String(res.statusCode) }));
    next();
  };
}

/** Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    if (token) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "")?.[1];
      if (!given || !sameSecret(given, token)) {
        res.setHeader("www-authenticate", 'Bearer realm="statuswatch metrics"');
        return next(new HttpProblem(401, "Unauthorized", "a valid Authorization: Bearer <METRICS_TOKEN> header is required"));
      }
    }
    try {
      const text = await metrics.registry.metrics();
      res.type(metrics.registry.contentType).send(text);
    } catch (err) {
      next(err);
    }
  };
}
