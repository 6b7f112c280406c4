import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { loadConfig, type NotifyConfig } from "../../src/config";
import type { Snapshot, SnapshotIncident } from "../../src/domain/snapshot";
import type { PrismaClient } from "../../src/generated/prisma/client";

export const silentLog = pino({ level: "silent" });
export const API_KEY = "test-api-key-0123456789abcdef";

export interface SlackHit {
  path: string;
  body: { text: string; blocks: Array<Record<string, unknown>> };
  at: number;
}

/** A real HTTP server standing in for Slack; `respond` decides each answer (default 200 "ok"). */
export async function startSlackStandIn(port = 0) {
  const hits: SlackHit[] = [];
  const attempts: Array<{ path: string; at: number; status: number }> = [];
  let respond: (path: string, n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 });
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const answer = respond(path, attempts.filter((a) => a.path === path).length);
      attempts.push({ path, at: Date.now(), status: answer.status });
      if (answer.status === 200) hits.push({ path, body: JSON.parse(raw), at: Date.now() });
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    server,
    hits,
    attempts,
    url: (name: string) => `${base}services/T000/B000/${name}`,
    forPath: (name: string) => hits.filter((h) => h.path.endsWith(`/${name}`)),
    setResponder(fn: typeof respond) {
      respond = fn;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A real SMTP server on loopback; every accepted mail is parsed with mailparser. */
export async function startSmtp() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to: (addr: string) => mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(addr))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function notifyConfig(overrides: Partial<NotifyConfig> = {}, env: Record<string, string> = {}): NotifyConfig {
  const base = loadConfig({ API_KEY, PUBLIC_URL: "http://statuswatch.test", ...env }).notify;
  return { ...base, pollMs: 100, retryBaseMs: 50, retryMaxMs: 400, maxAttempts: 4, leaseMs: 5_000, sendTimeoutMs: 3_000, ...overrides };
}

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 8_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function seedProvider(prisma: PrismaClient, id = "acme", name = "Acme") {
  await prisma.provider.create({ data: { id, name, kind: "statuspage", url: `https://status.${id}.test` } });
}

const t = (min: number) => new Date(Date.UTC(2026, 10, 20, 10, min));

export function incident(status: SnapshotIncident["status"], minute: number, opts: Partial<SnapshotIncident> = {}): SnapshotIncident {
  const steps: Array<SnapshotIncident["status"]> = ["investigating", "identified", "monitoring", "resolved"];
  const upto = steps.indexOf(status);
  return {
    externalId: "inc1",
    title: "Elevated errors on API",
    status,
    impact: "major",
    url: "https://status.acme.test/incidents/inc1",
    startedAt: t(0),
    resolvedAt: status === "resolved" ? t(minute) : undefined,
    components: ["API", "Dashboard"],
    updates: steps.slice(0, upto + 1).map((s, i) => ({
      externalId: `u${i}`,
      status: s,
      body: `<p>Update ${i}: we are <b>${s}</b> &amp; working on it</p>`,
      at: t(i === upto ? minute : i * 10),
      components: [{ name: "API" }, { name: "Dashboard" }],
    })),
    ...opts,
  };
}

export function snapshot(parts: Partial<Snapshot>): Snapshot {
  return {
    components: [
      { externalId: "api", name: "API", status: "operational" },
      { externalId: "dash", name: "Dashboard", status: "operational" },
    ],
    incidents: [],
    maintenances: [],
    ...parts,
  };
}

export { t as minute };
