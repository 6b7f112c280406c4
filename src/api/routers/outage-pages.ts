import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { renderErrorPage } from "../../dashboard/error-page";
import { renderOutagePage, renderOutagesIndex } from "../../dashboard/outage-page";
import type { OutagePageService } from "../../services/outage-pages";
import { HttpProblem, notFound } from "../problem";
import { intId, parseQuery, q } from "../validate";
import { sendPage } from "./dashboard";

export const OUTAGES_PER_PAGE = 25;

const IndexQuery = z.object({ before: q.pageCursor }).strict();

/** Bad input and unknown ids answer an HTML page with the problem's status: these URLs are shared with people. */
function asHtml(handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status >= 500) throw err;
      sendPage(res, renderErrorPage(err, { href: "/outages", text: "← all outages" }), err.status);
    }
  };
}

/** GET /outages (recent episodes, paged) and GET /outages/:id (one episode told in full). */
export function outagePagesRouter(pages: OutagePageService): Router {
  const r = Router();
  r.get(
    "/outages",
    asHtml(async (req, res) => {
      const { before } = parseQuery(IndexQuery, req.query);
      const [at, id] = before ? before.split("-").map(Number) : [];
      const after = at !== undefined && id !== undefined ? { at: new Date(at), id } : undefined;
      if (after && (Number.isNaN(after.at.getTime()) || id! > 2_147_483_647))
        throw new HttpProblem(400, "Invalid request", "before is not a page cursor this page made");
      const page = await pages.list({ limit: OUTAGES_PER_PAGE, ...(after ? { after } : {}) });
      sendPage(res, renderOutagesIndex({ ...page, paged: !!after }));
    }),
  );
  r.get(
    "/outages/:id",
    asHtml(async (req, res) => {
      const { id } = parseQuery(z.object({ id: intId }), { id: req.params.id });
      const now = new Date();
      const story = await pages.story(id, now);
      if (!story) throw notFound(`outage ${id}`);
      sendPage(res, renderOutagePage(story, now));
    }),
  );
  return r;
}
