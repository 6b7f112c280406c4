import { Router, type Response } from "express";
import { z } from "zod";
import { CATEGORIES } from "../../catalog/entry-schema";
import { renderIncidentPage } from "../../dashboard/incident-page";
import { renderMaintenancePage } from "../../dashboard/maintenance-page";
import { renderDashboard } from "../../dashboard/page";
import type { DashboardService } from "../../services/dashboard";
import type { IncidentService } from "../../services/incidents";
import type { MaintenanceService } from "../../services/maintenances";
import { notFound } from "../problem";
import { intId, parseQuery, q } from "../validate";

const DashboardQuery = z.object({ category: q.list(CATEGORIES).optional() }).strict();

/** No script, no remote resources: the page is inert even if escaping ever failed. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, html: string): void {
  res.setHeader("content-security-policy", CSP);
  res.setHeader("cache-control", "no-store");
  res.type("html").send(html);
}

export function dashboardRouter(dashboard: DashboardService, incidents: IncidentService, maintenances: MaintenanceService): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const query = parseQuery(DashboardQuery, req.query);
    sendPage(res, renderDashboard(await dashboard.load({ category: query.category })));
  });
  // The page alert messages link to.
  r.get("/incidents/:id", async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const incident = await incidents.get(id);
    if (!incident) throw notFound(`incident ${id}`);
    sendPage(res, renderIncidentPage(incident));
  });
  r.get("/maintenances/:id", async (req, res) => {
    const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
    const maintenance = await maintenances.get(id);
    if (!maintenance) throw notFound(`maintenance ${id}`);
    sendPage(res, renderMaintenancePage(maintenance));
  });
  return r;
}
