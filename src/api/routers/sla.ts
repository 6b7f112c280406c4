import { Router } from "express";
import { z } from "zod";
import { renderSlaPage } from "../../dashboard/sla-page";
import type { SlaService } from "../../services/sla";
import { monthBounds } from "../../sla/compute";
import { evidenceCsv } from "../../sla/csv";
import { notFound } from "../problem";
import { parseQuery } from "../validate";
import { sendPage } from "./dashboard";

const month = z
  .string()
  .refine((m) => monthBounds(m) !== undefined, "must be a month YYYY-MM (1970 or later)")
  .refine((m) => (monthBounds(m)?.start.getTime() ?? 0) <= Date.now(), "must not lie in the future");
const SlaQuery = z.object({ month, component: z.string().trim().min(1).max(200).optional(), format: z.enum(["json", "csv"]).default("json") }).strict();
const PageQuery = SlaQuery.omit({ format: true });

/** GET /api/v1/providers/:id/sla (JSON or CSV evidence). */
export function slaApiRouter(sla: SlaService): Router {
  const r = Router();
  r.get("/:id/sla", async (req, res) => {
    const query = parseQuery(SlaQuery, req.query);
    const report = await sla.report(req.params.id, query.month, query.component);
    if (!report) throw notFound(`provider ${req.params.id}`);
    if (query.format === "csv") {
      res.setHeader("content-disposition", `attachment; filename="sla-${report.providerId}-${report.month}.csv"`);
      return void res.type("text/csv; charset=utf-8").send(evidenceCsv(report.evidence));
    }
    const { month: m, slaPercent, availabilityPercent, downtimeSeconds, breached, creditPercent, evidence, observed } = report;
    res.json({
      data: {
        month: m,
        slaPercent,
        availabilityPercent,
        downtimeSeconds,
        breached,
        creditPercent,
        evidence,
        observed,
        providerId: report.providerId,
        component: report.component,
        periodStart: report.periodStart,
        periodEnd: report.periodEnd,
        historySeconds: report.historySeconds,
        slaComponents: report.slaComponents,
        source: report.source,
      },
    });
  });
  return r;
}

/** GET /providers/:id/sla: the printable page. */
export function slaPageRouter(sla: SlaService): Router {
  const r = Router();
  r.get("/providers/:id/sla", async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const report = await sla.report(req.params.id, query.month, query.component);
    if (!report) throw notFound(`provider ${req.params.id}`);
    sendPage(res, renderSlaPage(report));
  });
  return r;
}
