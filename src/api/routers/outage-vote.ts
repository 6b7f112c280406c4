import type express from "express";
import { Router } from "express";
import { ReportRateLimited, type ReportService } from "../../outages/reports";
import { clientHash, readVoteToken } from "../../outages/vote-tokens";
import { escapeHtml } from "../../util/escape-html";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * The target of an alert's "I'm affected" / "Not affected" buttons, usable without login: the signed
 * token is the credential. GET only shows a form (mail scanners follow links); the POST votes.
 */
export function outageVoteRouter(reports: ReportService, secret: string): Router {
  const r = Router();
  const headers = (res: express.Response) =>
    res
      .setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .setHeader("cache-control", "no-store")
      .type("html");
  const voteOf = (token: unknown) => (typeof token === "string" ? readVoteToken(secret, token) : undefined);
  r.get("/outages/vote", (req, res) => {
    const vote = voteOf(req.query.token);
    headers(res);
    if (!vote) return void res.status(403).send(page("This link is not valid", "<p>Ask for a new alert link.</p>"));
    const label = vote.affected ? "I'm affected" : "Not affected";
    res.send(
      page(
        label,
        `<p>Tell statuswatch you are ${vote.affected ? "" : "<strong>not</strong> "}affected by the possible ${escapeHtml(vote.providerId)} outage.</p>` +
          `<form method="post" action="/outages/vote?token=${encodeURIComponent(String(req.query.token))}"><button type="submit">${escapeHtml(label)}</button></form>`,
      ),
    );
  });
  r.post("/outages/vote", async (req, res) => {
    const vote = voteOf(req.query.token);
    headers(res);
    if (!vote) return void res.status(403).send(page("This link is not valid", "<p>Ask for a new alert link.</p>"));
    try {
      const reporter = `link:s${vote.subscriptionId}:${clientHash(secret, req.ip ?? req.socket.remoteAddress ?? "unknown")}`;
      const { counted } = await reports.submit({ providerId: vote.providerId, reporter, via: "link", affected: vote.affected });
      res.status(202).send(page("Thank you", `<p>${counted ? "Your report counts." : "Your answer is recorded."}</p>`));
    } catch (err) {
      if (!(err instanceof ReportRateLimited)) throw err;
      res.status(429).send(page("Already recorded", "<p>You have answered already.</p>"));
    }
  });
  return r;
}
