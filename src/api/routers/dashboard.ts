import { Router } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import { renderDashboard } from "../../dashboard/page";
import type { DashboardService } from "../../services/dashboard";
import { parseQuery, q } from "../validate";

const DashboardQuery = z.object({ category: q.list(CATEGORIES).optional() }).strict();

/** No script, no remote resources: the page is inert even if escaping ever failed. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function dashboardRouter(dashboard: DashboardService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(DashboardQuery, req.query);
    const html = renderDashboard(await dashboard.load({ category: query.category }));
    res.setHeader("content-security-policy", CSP);
    res.setHeader("cache-control", "no-store");
    res.type("html").send(html);
  });
  return r;
}
