import pino from "pino";
import { loadConfig, type NotifyConfig } from "../../src/config";
import type { Snapshot, SnapshotIncident } from "../../src/domain/snapshot";
import type { PrismaClient } from "../../src/generated/prisma/client";

export const silentLog = pino({ level: "silent" });
export const API_KEY = "test-api-key-0123456789abcdef";

/** The demo's receivers double as the tests' stand-ins for Slack and an SMTP server. */
export { startSlackReceiver as startSlackStandIn, type SlackPost } from "../../src/demo/slack-receiver";
export { startSmtpReceiver as startSmtp } from "../../src/demo/smtp-receiver";

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
