import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { join } from "node:path";
import type { ParsedMail } from "mailparser";
import type { Config } from "../config";
import { ensureEmbeddedPostgres } from "../db/embedded";
import type { Logger } from "../logger";
import { EventService } from "../services/events";
import { startService, type Service } from "../service";
import { OUTAGE_STAGES, statuspageAt } from "./outage-script";
import { describeMail, describeSlackPost } from "./print";
import { startSlackReceiver, type SlackPost } from "./slack-receiver";
import { startSmtpReceiver } from "./smtp-receiver";

export interface DemoOptions {
  config: Config;
  log: Logger;
  /** How long each stage of the outage lasts in real time. */
  stepMs: number;
  out: (line: string) => void;
  /** Aborting (Ctrl-C) ends the replay early; everything the demo started is still stopped. */
  signal?: AbortSignal;
}

/** What each demo subscription received, for callers that check the replay (the tests). */
export interface DemoResult {
  slack: Record<string, SlackPost[]>;
  mails: ParsedMail[];
}

/** On the page's own clock the stages are 40 minutes apart, so Investigating → Resolved lasts 2h. */
const PAGE_STEP_MS = 40 * 60_000;
const DRAIN_TIMEOUT_MS = 15_000;
const EMAIL_TARGET = "oncall@example.test";

/** Subscriptions with different filters, to show that each hears exactly what it asked for. */
const SLACK_SUBSCRIPTIONS = [
  { name: "oncall", filters: {}, why: "default events, any impact" },
  {
    name: "leadership",
    filters: { events: ["incident_opened", "incident_resolved"], minImpact: "major" },
    why: "opened and resolved only, major impact or worse",
  },
  { name: "claude-ai-team", filters: { components: ["claude.ai"] }, why: "only the claude.ai component, which stays up" },
] as const;
const SIM_PROVIDER_ID = "anthropic-sim";
const EMAIL_FILTERS = { events: ["incident_opened", "incident_status_changed", "incident_resolved"] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PAGE_DOCUMENTS = ["/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json"];
/** However slow the machine, a stage is shown no longer than this while waiting to be read. */
const STAGE_READ_TIMEOUT_MS = 15_000;

/** Serves the outage script's JSON for whatever stage is current, and remembers which stage was read. */
async function startSimulatedPage(stage: () => number, startMs: number) {
  const served = new Map<number, Set<string>>();
  const server = http.createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const current = stage();
    const docs = statuspageAt(current, base, startMs, PAGE_STEP_MS);
    const path = (req.url ?? "").split("?")[0]!;
    const body = [docs.summary, docs.incidents, docs.maintenances][PAGE_DOCUMENTS.indexOf(path)];
    if (!body) return void res.writeHead(404).end();
    served.set(current, (served.get(current) ?? new Set()).add(path));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    server,
    /** Whether a poll has fetched every document of this stage, so moving on cannot skip it. */
    read: (n: number) => PAGE_DOCUMENTS.every((d) => served.get(n)?.has(d)),
  };
}

/** The API's port must be known before it starts: confirmation links are built on PUBLIC_URL. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function describeEvent(e: { kind: string; from: string | null; to: string | null; title: string | null; component: string | null }): string {
  const change = e.from ? `${e.from} → ${e.to}` : (e.to ?? "");
  const subject = e.title ?? e.component ?? "";
  return `${e.kind.padEnd(26)} ${subject ? `${subject}: ` : ""}${change}`;
}

/**
 * A Postgres cluster of the demo's own in a temporary directory: whatever DATABASE_URL or DATA_DIR
 * say, the demo never touches a database it did not create. Removed again by `stop()`.
 */
async function demoPostgres(log: Logger): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(join(os.tmpdir(), "statuswatch-demo-"));
  // As root Postgres runs as the postgres user, which must be able to reach its data directory.
  fs.chmodSync(dataDir, 0o755);
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const port = await freePort();
    const pg = await ensureEmbeddedPostgres({ dataDir, port, database: "statuswatch_demo", log, waitMs: 0 });
    return {
      url: pg.url,
      port,
      async stop() {
        await pg.stop();
        remove();
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

async function api(
  service: Service,
  apiKey: string,
  path: string,
  body?: object,
): Promise<{ status: number; json: { data?: { id: number } } & Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${service.port}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as { data?: { id: number } } };
}

async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > end) return v;
    await sleep(100);
  }
}

/**
 * The whole service (API, scheduler, timeline, notifier) against a local page that replays an outage,
 * with a local Slack receiver and SMTP server standing in for the outside world. Prints the timeline
 * as it grows and every message and email the outage produces.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const { out } = opts;
  const slackNames = new Map<string, string>();
  const slack = await startSlackReceiver({
    onPost: (post) => {
      for (const line of describeSlackPost(`#${slackNames.get(post.path) ?? post.path}`, post)) out(line);
    },
  });
  let confirmationPending = true;
  const smtp = await startSmtpReceiver({
    onMail: (mail) => {
      if (confirmationPending) return void out(`  ✉ Email to ${EMAIL_TARGET}: ${mail.subject ?? ""}`);
      for (const line of describeMail(mail)) out(line);
    },
  });
  let stage = 0;
  // The page's clock ends about now.
  const startMs = Date.now() - (OUTAGE_STAGES.length - 1) * PAGE_STEP_MS - 60_000;
  const page = await startSimulatedPage(() => stage, startMs);
  const pageUrl = `http://127.0.0.1:${(page.server.address() as AddressInfo).port}`;
  let service: Service | undefined;
  let postgres: Awaited<ReturnType<typeof demoPostgres>> | undefined;
  const checkAborted = () => {
    if (opts.signal?.aborted) throw new DemoInterrupted();
  };
  try {
    postgres = await demoPostgres(opts.log);
    checkAborted();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const apiKey = opts.config.apiKey ?? randomBytes(24).toString("hex");
    const config: Config = {
      ...opts.config,
      port,
      host: "127.0.0.1",
      apiKey,
      publicUrl,
      polling: { ...opts.config.polling, enabled: true },
      http: { ...opts.config.http, retries: 0, timeoutMs: 2000 },
      notify: {
        ...opts.config.notify,
        enabled: true,
        publicUrl,
        tokenSecret: opts.config.notify.tokenSecret ?? randomBytes(24).toString("hex"),
        smtpUrl: smtp.url,
        webhookAllowlist: [slack.base],
        pollMs: 250,
      },
      databaseUrl: postgres.url,
      providersFile: undefined,
    };

    out(`statuswatch demo: simulated status page at ${pageUrl}, one stage every ${opts.stepMs / 1000}s`);
    out(`Slack receiver at ${slack.base}, SMTP server at ${smtp.url}; nothing leaves this machine.`);
    out(`Postgres: a temporary cluster of the demo's own on 127.0.0.1:${postgres.port}, removed at exit.`);
    service = await startService(config, opts.log, {
      entries: [{ id: SIM_PROVIDER_ID, name: "Anthropic (simulated)", kind: "statuspage", url: pageUrl, pollIntervalSeconds: 1, category: "ai", options: {} }],
      tickSeconds: 1,
    });
    out(`API: ${publicUrl}/api/v1/incidents   Dashboard: ${publicUrl}/\n\nSubscriptions:`);
    for (const s of SLACK_SUBSCRIPTIONS) {
      const url = slack.url(s.name);
      slackNames.set(new URL(url).pathname, s.name);
      const created = await api(service, apiKey, "/api/v1/subscriptions", { channel: "slack", target: url, ...s.filters });
      if (created.status !== 201) throw new Error(`creating the #${s.name} subscription failed: ${JSON.stringify(created.json)}`);
      out(`  Slack #${s.name.padEnd(16)} ${s.why}`);
    }
    const email = await api(service, apiKey, "/api/v1/subscriptions", { channel: "email", target: EMAIL_TARGET, ...EMAIL_FILTERS });
    if (email.status !== 201) throw new Error(`creating the email subscription failed: ${JSON.stringify(email.json)}`);
    out(`  Email ${EMAIL_TARGET}  incident transitions, once the address confirms (double opt-in):`);
    const confirmation = await waitUntil(() => smtp.to(EMAIL_TARGET)[0], 10_000);
    const link = /https?:\/\/\S+\/subscriptions\/confirm\?token=[\w-]+/.exec(confirmation?.text ?? "")?.[0];
    if (!link) throw new Error("the confirmation email did not arrive");
    const confirmed = await fetch(link, { headers: { accept: "application/json" } });
    if (!confirmed.ok) throw new Error(`confirming the email subscription failed with HTTP ${confirmed.status}`);
    confirmationPending = false;
    out(`    followed the link in it: confirmed`);

    const events = new EventService(service.db.prisma);
    let afterId: number | undefined;
    const printNew = async () => {
      for (let p = 0; p < 20; p++) {
        const batch = await events.list({ includeBackfill: true, limit: 100, afterId });
        for (const e of batch.items) {
          out(`  ${e.at.toISOString().slice(11, 16)}  ${describeEvent(e)}${e.backfill ? "  (backfill: never notifies)" : ""}`);
          afterId = e.id;
        }
        if (!batch.next) break;
      }
    };
    checkAborted();
    for (stage = 0; stage < OUTAGE_STAGES.length; stage++) {
      out(`\n[stage ${stage + 1}/${OUTAGE_STAGES.length}] page now shows: ${OUTAGE_STAGES[stage]!.label}`);
      const until = Date.now() + opts.stepMs;
      const giveUp = until + STAGE_READ_TIMEOUT_MS;
      while (Date.now() < until || (!page.read(stage) && Date.now() < giveUp)) {
        checkAborted();
        await sleep(Math.min(250, opts.stepMs));
        await printNew();
      }
    }
    stage = OUTAGE_STAGES.length - 1;
    const prisma = service.db.prisma;
    // Fan-out and delivery run on the dispatcher's own clock; let the last messages arrive.
    await waitUntil(async () => {
      checkAborted();
      await printNew();
      // The page served its last stage, but the poll that read it may not have committed yet:
      // nothing is drained until the timeline shows the incident resolved.
      const stored = await prisma.incident.findMany({ where: { providerId: SIM_PROVIDER_ID }, select: { status: true } });
      if (stored.length === 0 || stored.some((i) => i.status !== "resolved")) return undefined;
      const undelivered = await prisma.event.count({ where: { backfill: false, fannedOutAt: null } });
      const open = await prisma.delivery.count({ where: { status: { in: ["pending", "sending"] } } });
      return undelivered + open === 0 ? true : undefined;
    }, DRAIN_TIMEOUT_MS);

    await summarize(service, out, slack.forPath, smtp.to(EMAIL_TARGET).slice(1));
    return {
      slack: Object.fromEntries(SLACK_SUBSCRIPTIONS.map((s) => [s.name, slack.forPath(s.name)])),
      mails: smtp.to(EMAIL_TARGET).slice(1),
    };
  } finally {
    await service?.stop();
    await Promise.all([new Promise((r) => page.server.close(r)), slack.close(), smtp.close()]);
    await postgres?.stop();
  }
}

export class DemoInterrupted extends Error {
  override name = "DemoInterrupted";
  constructor() {
    super("demo interrupted");
  }
}

const tagOf = (text: string | undefined) => /\[([^\]]+)\]/.exec(text ?? "")?.[1] ?? "?";

async function summarize(service: Service, out: (line: string) => void, slackFor: (name: string) => SlackPost[], mails: ParsedMail[]) {
  out("\nWhat each subscription received:");
  const row = (label: string, tags: string[]) => out(`  ${label.padEnd(26)} ${String(tags.length).padStart(2)}: ${tags.join(" · ") || "nothing"}`);
  for (const s of SLACK_SUBSCRIPTIONS)
    row(
      `Slack #${s.name}`,
      slackFor(s.name).map((p) => tagOf(p.body.text)),
    );
  row(
    `Email ${EMAIL_TARGET}`,
    mails.map((m) => tagOf(m.subject)),
  );

  const res = await fetch(`http://127.0.0.1:${service.port}/api/v1/incidents?provider=${SIM_PROVIDER_ID}`);
  const first = ((await res.json()) as { data: { id: number }[] }).data[0];
  if (!first) return void out("\nNo incident was recorded.");
  const detail = (await (await fetch(`http://127.0.0.1:${service.port}/api/v1/incidents/${first.id}`)).json()) as {
    data: { title: string; status: string; durationSeconds: number | null; transitions: { to: string }[] };
  };
  const minutes = detail.data.durationSeconds === null ? "?" : Math.round(detail.data.durationSeconds / 60);
  out(`\nIncident "${detail.data.title}" is ${detail.data.status} after ${minutes} min (page clock).`);
  out(`Transitions: ${detail.data.transitions.map((t) => t.to).join(" → ")}`);
}
