import { Router, type Request } from "express";
import { z } from "zod";
import { ReportRateLimited, SYMPTOMS, type ReportInput, type ReportService } from "../../outages/reports";
import type { OutageService } from "../../outages/service";
import { clientHash, readVoteToken } from "../../outages/vote-tokens";
import type { ProviderService } from "../../services/providers";
import { sameSecret } from "../../notify/tokens";
import { HttpProblem, notFound } from "../problem";
import { parseBody, parseQuery, q } from "../validate";

export const ReportBody = z
  .object({
    component: z.string().trim().min(1).max(200).optional(),
    symptom: z.enum(SYMPTOMS).optional(),
    reporter: z.string().trim().min(1).max(200).optional(),
    token: z.string().max(500).optional(),
  })
  .strict();
export const SignalsQuery = z.object({ since: q.date.optional() }).strict();
export const AccuracyQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(90) }).strict();

export interface ReportAuth {
  apiKey?: string;
  /** Signs vote links and salts client hashes. */
  secret: string;
}

/** The reporter a request stands for: the API caller's `reporter`, a vote link's subscription, or a dashboard client. */
export function reporterOf(
  req: Request,
  body: z.infer<typeof ReportBody>,
  providerId: string,
  auth: ReportAuth,
): Pick<ReportInput, "reporter" | "via" | "affected"> {
  const header = req.get("authorization");
  const client = clientHash(auth.secret, req.ip ?? req.socket.remoteAddress ?? "unknown");
  if (header !== undefined) {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!auth.apiKey || !key || !sameSecret(key, auth.apiKey))
      throw new HttpProblem(401, "Unauthorized", "a valid Authorization: Bearer <API_KEY> header is required");
    return { reporter: `api:${body.reporter ?? "api"}`, via: "api", affected: true };
  }
  const token = body.token ?? (typeof req.query.token === "string" ? req.query.token : undefined);
  if (token !== undefined) {
    const vote = readVoteToken(auth.secret, token);
    if (!vote || vote.providerId !== providerId) throw new HttpProblem(403, "Forbidden", "the link is not valid for this provider");
    return { reporter: `link:s${vote.subscriptionId}:${client}`, via: "link", affected: vote.affected };
  }
  if (body.reporter !== undefined) throw new HttpProblem(401, "Unauthorized", "`reporter` needs Authorization: Bearer <API_KEY>");
  // The dashboard: the client stands for itself, as a salted hash; its address is never stored.
  return { reporter: `dash:${client}`, via: "dashboard", affected: true };
}

/** Mounted beside the providers router: a provider's signals, accuracy, and reports from your people. */
export function providerSignalsRouter(providers: ProviderService, outages: OutageService, reports: ReportService, auth: ReportAuth): Router {
  const r = Router();
  r.post("/:id/reports", async (req, res) => {
    const body = parseBody(ReportBody, req.body);
    const providerId = req.params.id;
    if (!(await providers.exists(providerId))) throw notFound(`provider ${providerId}`);
    const who = reporterOf(req, body, providerId, auth);
    try {
      const result = await reports.submit({ providerId, ...who, component: body.component, symptom: body.symptom });
      res.status(202).json({ data: result });
    } catch (err) {
      if (!(err instanceof ReportRateLimited)) throw err;
      res.setHeader("retry-after", String(err.retryAfterSeconds));
      throw new HttpProblem(429, "Too Many Requests", "this reporter has reported too often; it already counts");
    }
  });
  r.get("/:id/signals", async (req, res) => {
    const { since } = parseQuery(SignalsQuery, req.query);
    if (!(await providers.exists(req.params.id))) throw notFound(`provider ${req.params.id}`);
    res.json({ data: await outages.signals(req.params.id, since ?? new Date(Date.now() - 86_400_000)) });
  });
  r.get("/:id/accuracy", async (req, res) => {
    const { days } = parseQuery(AccuracyQuery, req.query);
    if (!(await providers.exists(req.params.id))) throw notFound(`provider ${req.params.id}`);
    res.json({ data: await outages.accuracy(req.params.id, days) });
  });
  return r;
}
