import fs from "node:fs";
import path from "node:path";
import type { Route } from "../local-server";

const fx = (p: string) => fs.readFileSync(path.join(__dirname, "../../fixtures", p), "utf8");
const json = (p: string): Route => ({ body: fx(p), contentType: "application/json" });
const html = (body: string): Route => ({
  body: `<!doctype html><html><head><title>Status</title>${body}</head><body>Status</body></html>`,
  contentType: "text/html",
});

/** A local page of each kind, as routes under the page's root, served from the recorded fixtures. */
export const PAGES: Record<string, { path: string; routes: Record<string, Route> }> = {
  statuspage: {
    path: "",
    routes: { "/": html(""), "/api/v2/summary.json": json("statuspage/acme-summary.json"), "/api/v2/incidents.json": json("statuspage/acme-incidents.json") },
  },
  incidentio: {
    path: "",
    routes: {
      "/": html('<script src="https://cdn.incident.io/status-page.js"></script>'),
      "/api/v2/summary.json": json("incidentio/summary.json"),
      "/history.atom": { body: fx("incidentio/history.atom"), contentType: "application/atom+xml" },
    },
  },
  instatus: { path: "", routes: { "/": html(""), "/summary.json": json("instatus/summary.json"), "/v2/components.json": json("instatus/components.json") } },
  betterstack: { path: "", routes: { "/": html(""), "/index.json": json("betterstack/index.json") } },
  cachet: {
    path: "",
    routes: {
      "/": html(""),
      "/api/v1/components": json("cachet/components.json"),
      "/api/v1/components?per_page=100": json("cachet/components.json"),
      "/api/v1/incidents?per_page=50&sort=id&order=desc": json("cachet/incidents.json"),
    },
  },
  openstatus: { path: "", routes: { "/": html(""), "/feed/json": json("openstatus/feed.json") } },
  uptimekuma: {
    path: "/status/acme",
    routes: {
      "/status/acme": html(""),
      "/api/status-page/acme": json("uptimekuma/status-page.json"),
      "/api/status-page/heartbeat/acme": json("uptimekuma/heartbeat.json"),
    },
  },
  statusio: {
    path: "",
    routes: {
      "/": html('<link rel="alternate" type="application/rss+xml" href="/pages/5b36dc6502d06804c08349f7/rss">'),
      "/1.0/status/5b36dc6502d06804c08349f7": json("statusio/gitlab-status.json"),
    },
  },
  feed: {
    path: "",
    routes: {
      "/": html('<link rel="alternate" type="application/rss+xml" href="/history.rss">'),
      "/history.rss": { body: fx("feed/statuspage-history-mixed.rss"), contentType: "application/rss+xml" },
    },
  },
};
