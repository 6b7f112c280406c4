import { z } from "zod";
import { VERSION } from "../../config";
import { ListQuery as DeliveriesQuery } from "../routers/deliveries";
import { ListQuery as EventsQuery } from "../routers/events";
import { ListQuery as IncidentsQuery } from "../routers/incidents";
import { ListQuery as MaintenancesQuery } from "../routers/maintenances";
import { CatalogQuery } from "../routers/catalog";
import {
  DeleteQuery as DeleteProviderQuery,
  ListQuery as ProvidersQuery,
  PatchBody as PatchProviderBody,
  PostBody as AddProviderBody,
  UptimeQuery,
} from "../routers/providers";
import { ListQuery as OutagesQuery } from "../routers/outages";
import { AccuracyQuery, ReportBody, SignalsQuery } from "../routers/provider-signals";
import { CreateBody, PatchBody, PreviewQuery, TokenQuery } from "../routers/subscriptions";
import { FailoverQuery } from "../routers/failover";
import { Failover } from "./failover";
import * as R from "./responses";

type Json = Record<string, unknown>;

interface Operation {
  summary: string;
  auth?: boolean;
  query?: z.ZodObject;
  path?: Record<string, "integer" | "string">;
  body?: z.ZodType;
  /** Status → JSON body schema (null: no body, unless `text` names its media types). */
  responses: Record<number, z.ZodType | null>;
  /** Status → the text media types it answers in (a rendered page or mail), chosen by Accept or ?format=. */
  text?: Record<number, string[]>;
  /** Only for the error answers every route may give. */
  tag: string;
}

const schema = (t: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(t, { io, unrepresentable: "any" }) as Json;
  return rest;
};

/** Query parameters from the same zod object the router parses them with. */
function parameters(op: Operation): Json[] {
  const out: Json[] = Object.entries(op.path ?? {}).map(([name, type]) => ({ name, in: "path", required: true, schema: { type } }));
  if (op.query) {
    const s = schema(op.query, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, p] of Object.entries(s.properties ?? {}))
      out.push({ name, in: "query", required: (s.required ?? []).includes(name) && !("default" in p), schema: p });
  }
  return out;
}

const REASON: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Invalid request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function operation(op: Operation): Json {
  const responses: Json = {};
  const all = { ...op.responses, 400: R.Problem, ...(op.auth ? { 401: R.Problem } : {}) };
  for (const [status, body] of Object.entries(all)) {
    const problem = body === R.Problem;
    const text = op.text?.[Number(status)];
    responses[status] = {
      description: REASON[Number(status)] ?? status,
      ...(body ? { content: { [problem ? "application/problem+json" : "application/json"]: { schema: schema(body, "output") } } } : {}),
      ...(text ? { content: Object.fromEntries(text.map((t) => [t, { schema: { type: "string" } }])) } : {}),
    };
  }
  return {
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth ? { security: [{ bearer: [] }] } : {}),
    ...(parameters(op).length ? { parameters: parameters(op) } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body, "input") } } } } : {}),
    responses,
  };
}

const id = { id: "integer" } as const;

/** Every route of the API, its parameters and its answers; built from the routers' own zod schemas. */
export const ROUTES: Record<string, Record<string, Operation>> = {
  "/healthz": { get: { tag: "health", summary: "The process is up", responses: { 200: R.data(z.object({ status: z.literal("ok") })) } } },
  "/readyz": {
    get: {
      tag: "health",
      summary: "The database is reachable",
      responses: { 200: R.data(z.object({ status: z.string() })), 503: R.data(z.object({ status: z.string() })) },
    },
  },
  "/api/v1/openapi.json": { get: { tag: "docs", summary: "This document", responses: { 200: z.looseObject({ openapi: z.string() }) } } },
  "/api/v1/providers": {
    get: { tag: "providers", summary: "Watched providers", query: ProvidersQuery, responses: { 200: R.data(z.array(R.Provider)) } },
    post: {
      tag: "providers",
      summary:
        "Start watching a provider: { catalogId } picks a catalog entry (200 when a removed one comes back with its history); { url } detects the kind, polls once and stores it with that first snapshot (422 with what was tried)",
      auth: true,
      body: AddProviderBody,
      responses: {
        200: R.data(R.ProviderDetail.extend({ restored: z.literal(true) })),
        201: R.data(
          z.union([
            R.ProviderDetail.extend({ restored: z.literal(false) }),
            z.looseObject({
              id: z.string(),
              kind: z.string(),
              url: z.string(),
              detection: z.looseObject({ kind: z.string(), evidence: z.string() }),
              firstPoll: z.looseObject({ incidents: z.number() }),
            }),
          ]),
        ),
        409: R.Problem,
        422: R.Problem,
      },
    },
  },
  "/api/v1/providers/{id}": {
    get: {
      tag: "providers",
      summary: "One provider (watched or paused) with its components",
      path: { id: "string" },
      responses: { 200: R.data(R.ProviderDetail), 404: R.Problem },
    },
    patch: {
      tag: "providers",
      summary: "Change enabled, pollIntervalSeconds, name, category, sla or signals; every instance sees it at its next tick",
      auth: true,
      path: { id: "string" },
      body: PatchProviderBody,
      responses: { 200: R.data(R.ProviderDetail), 404: R.Problem },
    },
    delete: {
      tag: "providers",
      summary: "Stop watching and stop listing a provider, keeping its history; ?purge=true deletes it with its timeline (409 for a PROVIDERS_FILE entry)",
      auth: true,
      path: { id: "string" },
      query: DeleteProviderQuery,
      responses: { 204: null, 404: R.Problem, 409: R.Problem },
    },
  },
  "/api/v1/catalog": {
    get: {
      tag: "providers",
      summary: "The built-in catalog to pick from, whole (not paged), by name; each entry says whether it is watched",
      query: CatalogQuery,
      responses: { 200: z.object({ data: z.array(R.CatalogItem), total: z.number().int() }) },
    },
  },
  "/api/v1/providers/{id}/uptime": {
    get: {
      tag: "providers",
      summary: "Uptime per component",
      path: { id: "string" },
      query: UptimeQuery,
      responses: { 200: R.data(R.Uptime), 404: R.Problem },
    },
  },
  "/api/v1/incidents": { get: { tag: "incidents", summary: "Incidents, newest first", query: IncidentsQuery, responses: { 200: R.page(R.Incident) } } },
  "/api/v1/incidents/{id}": {
    get: { tag: "incidents", summary: "One incident with updates and transitions", path: id, responses: { 200: R.data(R.IncidentDetail), 404: R.Problem } },
  },
  "/api/v1/maintenances": {
    get: { tag: "maintenances", summary: "Scheduled maintenances", query: MaintenancesQuery, responses: { 200: R.page(R.Maintenance) } },
  },
  "/api/v1/maintenances/{id}": {
    get: { tag: "maintenances", summary: "One maintenance with its updates", path: id, responses: { 200: R.data(R.MaintenanceDetail), 404: R.Problem } },
  },
  "/api/v1/providers/{id}/reports": {
    post: {
      tag: "outages",
      summary: "Report that a provider is not working for you (dashboard, vote link token, or Bearer API_KEY with a reporter)",
      path: { id: "string" },
      body: ReportBody,
      responses: { 202: R.data(R.ReportAccepted), 401: R.Problem, 403: R.Problem, 404: R.Problem, 429: R.Problem },
    },
  },
  "/api/v1/providers/{id}/signals": {
    get: {
      tag: "outages",
      summary: "A provider's signal series and the detector's judgement now",
      path: { id: "string" },
      query: SignalsQuery,
      responses: { 200: R.data(R.Signals), 404: R.Problem },
    },
  },
  "/api/v1/providers/{id}/accuracy": {
    get: {
      tag: "outages",
      summary: "How the provider's page admits outages: counts, lag, grade",
      path: { id: "string" },
      query: AccuracyQuery,
      responses: { 200: R.data(R.Accuracy), 404: R.Problem },
    },
  },
  "/api/v1/outages": { get: { tag: "outages", summary: "Outage episodes, newest first", query: OutagesQuery, responses: { 200: R.page(R.Outage) } } },
  "/api/v1/outages/{id}": {
    get: { tag: "outages", summary: "One outage episode with its signals and reports", path: id, responses: { 200: R.data(R.OutageDetail), 404: R.Problem } },
  },
  "/api/v1/failover": {
    get: {
      tag: "failover",
      summary:
        "Where to route traffic now: a provider's alternatives (for=) or a capability's providers, ranked best first, with reasons; from state kept in memory",
      query: FailoverQuery,
      responses: { 200: R.data(Failover), 404: R.Problem, 503: R.Problem },
    },
  },
  "/api/v1/events": {
    get: {
      tag: "events",
      summary: "The transition feed: by id with cursor, or in recorded order with after= (0, an event id, or resumeAfter)",
      query: EventsQuery,
      responses: { 200: R.EventFeed },
    },
  },
  "/api/v1/subscriptions": {
    get: { tag: "subscriptions", summary: "Every subscription (targets masked)", auth: true, responses: { 200: R.data(z.array(R.Subscription)) } },
    post: {
      tag: "subscriptions",
      summary: "Subscribe a channel",
      auth: true,
      body: CreateBody,
      responses: { 201: R.data(R.CreatedSubscription), 502: R.Problem, 503: R.Problem },
    },
  },
  "/api/v1/subscriptions/{id}": {
    get: { tag: "subscriptions", summary: "One subscription", auth: true, path: id, responses: { 200: R.data(R.Subscription), 404: R.Problem } },
    patch: {
      tag: "subscriptions",
      summary: "Change filters",
      auth: true,
      path: id,
      body: PatchBody,
      responses: { 200: R.data(R.Subscription), 404: R.Problem },
    },
    delete: { tag: "subscriptions", summary: "Delete a subscription", auth: true, path: id, responses: { 204: null, 404: R.Problem } },
  },
  "/api/v1/subscriptions/{id}/test": {
    post: {
      tag: "subscriptions",
      summary: "Send a test message and report the receiver's answer",
      auth: true,
      path: id,
      responses: { 200: R.data(R.TestResult), 404: R.Problem },
    },
  },
  "/api/v1/subscriptions/{id}/digest-preview": {
    get: {
      tag: "subscriptions",
      summary: "The subscription's digest for a period (current, last, or the date it is sent on), as HTML or plain text",
      auth: true,
      path: id,
      query: PreviewQuery,
      responses: { 200: null, 404: R.Problem },
      text: { 200: ["text/html", "text/plain"] },
    },
  },
  "/api/v1/subscriptions/confirm": {
    get: {
      tag: "subscriptions",
      summary: "Confirm an email subscription (link from the mail)",
      query: TokenQuery,
      responses: { 200: R.data(z.object({ id: z.number().int(), confirmed: z.literal(true) })), 404: R.Problem },
    },
  },
  "/api/v1/subscriptions/unsubscribe": {
    get: {
      tag: "subscriptions",
      summary: "Unsubscribe (link from a message)",
      query: TokenQuery,
      responses: { 200: R.data(z.object({ id: z.number().int(), unsubscribed: z.literal(true) })), 404: R.Problem },
    },
    post: {
      tag: "subscriptions",
      summary: "One-click unsubscribe (RFC 8058)",
      query: TokenQuery,
      responses: { 200: R.data(z.object({ id: z.number().int(), unsubscribed: z.literal(true) })), 404: R.Problem },
    },
  },
  "/api/v1/deliveries": {
    get: { tag: "deliveries", summary: "The delivery log, newest first", auth: true, query: DeliveriesQuery, responses: { 200: R.page(R.Delivery) } },
  },
  "/api/v1/deliveries/{id}/retry": {
    post: {
      tag: "deliveries",
      summary: "Re-queue a dead letter",
      auth: true,
      path: id,
      responses: { 202: R.data(z.object({ id: z.number().int(), status: z.literal("pending") })), 404: R.Problem, 409: R.Problem },
    },
  },
};

/** The OpenAPI 3.1 document; JSON Schema 2020-12 throughout, as 3.1 uses it. */
export function openApiDocument(publicUrl: string): Json {
  const paths: Json = {};
  for (const [p, ops] of Object.entries(ROUTES)) paths[p] = Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, operation(op)]));
  return {
    openapi: "3.1.0",
    info: {
      title: "statuswatch",
      version: VERSION,
      description: "Status-page aggregation and outage monitoring. Lists answer { data, nextCursor }; errors are application/problem+json (RFC 9457).",
    },
    servers: [{ url: publicUrl }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "API_KEY" } } },
    paths,
  };
}
