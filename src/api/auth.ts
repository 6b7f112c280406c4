import type { RequestHandler } from "express";
import { sameSecret } from "../notify/tokens";
import { HttpProblem } from "./problem";

/** `Authorization: Bearer <API_KEY>`; with no key configured nothing gets through. */
export function requireApiKey(apiKey: string | undefined): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!apiKey) {
      res.setHeader("www-authenticate", 'Bearer realm="statuswatch"');
      return next(new HttpProblem(401, "Unauthorized", "this endpoint needs API_KEY to be configured on the server"));
    }
    if (!match || !sameSecret(match[1]!, apiKey)) {
      res.setHeader("www-authenticate", 'Bearer realm="statuswatch"');
      return next(new HttpProblem(401, "Unauthorized", "a valid Authorization: Bearer <API_KEY> header is required"));
    }
    next();
  };
}
