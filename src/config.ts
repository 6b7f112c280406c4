import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseNat64Prefix } from "./net/address-policy";
import { parseAllowlist } from "./net/allowlist";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const positiveInt = z.coerce.number().int().positive();

/** A comma-separated list of URL prefixes (WEBHOOK_ALLOWLIST, SOURCE_ALLOWLIST); entries are named by position, never echoed. */
const allowlist = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const { prefixes, invalid } = parseAllowlist(v);
    for (const i of invalid) ctx.addIssue({ code: "custom", message: `entry ${i} is not an http(s) URL prefix` });
    return prefixes;
  });

/** NAT64_ALLOWLIST: comma-separated IPv6 prefixes of RFC 6052 lengths; entries are named by position. */
const nat64Allowlist = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    entries.forEach((entry, i) => {
      if (!parseNat64Prefix(entry)) ctx.addIssue({ code: "custom", message: `entry ${i + 1} is not an IPv6 prefix of length 32, 40, 48, 56, 64 or 96` });
    });
    return entries;
  });

/** Every environment variable statuswatch reads; .env.example documents each one. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z
    .string()
    .url()
    .superRefine((u, ctx) => {
      // Only the scheme is quoted: it cannot hold a password.
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(u)?.[0];
      if (!/^postgres(ql)?:\/\//i.test(u))
        ctx.addIssue({ code: "custom", message: `${scheme ?? "this"}// is not a Postgres URL; use postgres:// or postgresql://` });
    })
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PROVIDERS_FILE: z.string().min(1).optional(),
  POLLING_ENABLED: bool.default(true),
  POLL_CONCURRENCY: positiveInt.max(64).default(4),
  POLL_INTERVAL_SECONDS: positiveInt.max(86_400).default(60),
  HTTP_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_MAX_BODY_BYTES: positiveInt.default(5 * 1024 * 1024),
  HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  HTTP_RETRY_BASE_MS: positiveInt.default(500),
  HTTP_CONCURRENCY: positiveInt.max(4096).default(64),
  SOURCE_ALLOWLIST: allowlist,
  NAT64_ALLOWLIST: nat64Allowlist,
  SOURCE_FAILURE_THRESHOLD: positiveInt.default(3),
  POLL_BACKOFF_MAX_SECONDS: positiveInt.max(86_400).default(900),
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.:@-]{1,100}$/, "letters, digits and . _ : @ - only (1-100)")
    .optional(),
  API_KEY: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  PUBLIC_URL: z.string().url().optional(),
  TOKEN_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).default("statuswatch <statuswatch@localhost>"),
  WEBHOOK_ALLOWLIST: allowlist,
  NOTIFY_ENABLED: bool.default(true),
  NOTIFY_POLL_MS: positiveInt.default(1000),
  NOTIFY_MAX_ATTEMPTS: positiveInt.max(100).default(30),
  NOTIFY_RETRY_BASE_MS: positiveInt.default(2000),
  NOTIFY_RETRY_MAX_MS: positiveInt.default(30_000),
  NOTIFY_SEND_TIMEOUT_MS: positiveInt.default(10_000),
  NOTIFY_LEASE_MS: positiveInt.min(1000).default(30_000),
  NOTIFY_CONCURRENCY: positiveInt.max(256).default(16),
  FLAP_THRESHOLD: positiveInt.default(4),
  FLAP_WINDOW_MINUTES: positiveInt.default(30),
  GROUP_WINDOW_MINUTES: z.coerce.number().int().min(0).default(10),
  REMINDER_AFTER_MINUTES: z.coerce.number().int().min(0).default(240),
  SIGNALS_ENABLED: bool.default(true),
  REPORT_WINDOW_MINUTES: positiveInt.max(1440).default(10),
  REPORT_RATE_LIMIT: positiveInt.max(10_000).default(20),
  SUSPECT_MIN_REPORTERS: positiveInt.max(1000).default(3),
  REPORT_SALT: z.string().min(16, "must be at least 16 characters").optional(),
  FAILOVER_REFRESH_MS: positiveInt.min(100).max(600_000).default(5000),
  FAILOVER_UPTIME_REFRESH_SECONDS: positiveInt.min(10).max(86_400).default(300),
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  providersFile?: string;
  /** Names this process in leases and claims; a restarted instance with the same id takes its own back at once. */
  instanceId: string;
  polling: { enabled: boolean; concurrency: number; defaultIntervalSeconds: number; failureThreshold: number; backoffMaxSeconds: number };
  http: {
    timeoutMs: number;
    maxBodyBytes: number;
    retries: number;
    retryBaseMs: number;
    userAgent: string;
    /** Outbound requests in flight at once, sources and notifications together. */
    concurrency: number;
    /** URL prefixes a source may be redirected to without the address check. */
    allowlist: string[];
    /** NAT64 prefixes whose addresses are judged by the IPv4 address they carry (IPv6-only hosts behind DNS64). */
    nat64Allowlist: string[];
  };
  migrationsDir: string;
  /** Bearer key for the write endpoints and subscription listing; none configured means they refuse. */
  apiKey?: string;
  /** Bearer token /metrics asks for; unset, /metrics is open. */
  metricsToken?: string;
  publicUrl: string;
  notify: NotifyConfig;
  outages: OutagesConfig;
  failover: FailoverConfig;
}

/** The failover answer's in-memory state: how stale it may get. */
export interface FailoverConfig {
  /** Periodic refresh of the health state; a change is normally heard at once through LISTEN/NOTIFY. */
  refreshMs: number;
  /** How often the 30-day uptime figures are recomputed. */
  uptimeRefreshMs: number;
}

/** Early warning: signal polling and reports from your own people. */
export interface OutagesConfig {
  /** Poll providers' `signals` in `npm start`. */
  signalsEnabled: boolean;
  /** One reporter counts once per provider within this window. */
  reportWindowMs: number;
  /** Reports from one reporter per provider per window before 429. */
  reportRateLimit: number;
  /** Distinct reporters within the window that make an outage suspected. */
  suspectMinReporters: number;
  /** Salts the hash of a dashboard client and signs vote links; REPORT_SALT, else derived from TOKEN_SECRET or API_KEY, else random per process. */
  reportSalt: string;
}

export interface NotifyConfig {
  enabled: boolean;
  publicUrl: string;
  /** Derives unsubscribe tokens; TOKEN_SECRET, else derived from API_KEY. */
  tokenSecret?: string;
  smtpUrl?: string;
  emailFrom: string;
  /** URL prefixes any channel may call whatever their address (local receivers, internal relays). */
  webhookAllowlist: string[];
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sendTimeoutMs: number;
  /** A claim not renewed for this long belongs to a process that died: the delivery is sent again. */
  leaseMs: number;
  concurrency: number;
  flapThreshold: number;
  flapWindowMs: number;
  groupWindowMs: number;
  /** 0 disables reminders. */
  reminderAfterMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The folder holding package.json: `src/..` under tsx, `dist/src/../..` when compiled. */
export const PROJECT_ROOT = projectRoot(__dirname);

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "..");
  }
}
export const VERSION = "0.1.0";

/** Parses the environment once; every invalid variable is named in one error, values never echoed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const dataDir = path.resolve(PROJECT_ROOT, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(dataDir, e.PORT),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    providersFile: e.PROVIDERS_FILE ? path.resolve(e.PROVIDERS_FILE) : undefined,
    polling: {
      enabled: e.POLLING_ENABLED,
      concurrency: e.POLL_CONCURRENCY,
      defaultIntervalSeconds: e.POLL_INTERVAL_SECONDS,
      failureThreshold: e.SOURCE_FAILURE_THRESHOLD,
      backoffMaxSeconds: e.POLL_BACKOFF_MAX_SECONDS,
    },
    http: {
      timeoutMs: e.HTTP_TIMEOUT_MS,
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
      retries: e.HTTP_RETRIES,
      retryBaseMs: e.HTTP_RETRY_BASE_MS,
      concurrency: e.HTTP_CONCURRENCY,
      allowlist: e.SOURCE_ALLOWLIST,
      nat64Allowlist: e.NAT64_ALLOWLIST,
      userAgent: `statuswatch/${VERSION} (+self-hosted status monitor)`,
    },
    migrationsDir: path.join(PROJECT_ROOT, "prisma", "migrations"),
    apiKey: e.API_KEY,
    metricsToken: e.METRICS_TOKEN,
    publicUrl,
    notify: {
      enabled: e.NOTIFY_ENABLED,
      publicUrl,
      tokenSecret: e.TOKEN_SECRET ?? (e.API_KEY ? createHash("sha256").update(`statuswatch-token:${e.API_KEY}`).digest("hex") : undefined),
      smtpUrl: e.SMTP_URL,
      emailFrom: e.EMAIL_FROM,
      webhookAllowlist: e.WEBHOOK_ALLOWLIST,
      pollMs: e.NOTIFY_POLL_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
      retryMaxMs: e.NOTIFY_RETRY_MAX_MS,
      sendTimeoutMs: e.NOTIFY_SEND_TIMEOUT_MS,
      leaseMs: e.NOTIFY_LEASE_MS,
      concurrency: e.NOTIFY_CONCURRENCY,
      flapThreshold: e.FLAP_THRESHOLD,
      flapWindowMs: e.FLAP_WINDOW_MINUTES * 60_000,
      groupWindowMs: e.GROUP_WINDOW_MINUTES * 60_000,
      reminderAfterMs: e.REMINDER_AFTER_MINUTES * 60_000,
    },
    outages: {
      signalsEnabled: e.SIGNALS_ENABLED,
      reportWindowMs: e.REPORT_WINDOW_MINUTES * 60_000,
      reportRateLimit: e.REPORT_RATE_LIMIT,
      suspectMinReporters: e.SUSPECT_MIN_REPORTERS,
      reportSalt:
        e.REPORT_SALT ??
        (e.TOKEN_SECRET || e.API_KEY
          ? createHash("sha256")
              .update(`statuswatch-reports:${e.TOKEN_SECRET ?? e.API_KEY}`)
              .digest("hex")
          : randomBytes(32).toString("hex")),
    },
    failover: { refreshMs: e.FAILOVER_REFRESH_MS, uptimeRefreshMs: e.FAILOVER_UPTIME_REFRESH_SECONDS * 1000 },
  };
}

/**
 * The same host, folder and port give the same id, so a restarted `npm start` recognises its own
 * claims; two instances in one folder differ by port (set INSTANCE_ID when they share port 0).
 */
function defaultInstanceId(dataDir: string, port: number): string {
  const where = createHash("sha256").update(`${dataDir}:${port}`).digest("hex").slice(0, 8);
  return `${
    os
      .hostname()
      .replace(/[^\w.-]/g, "")
      .slice(0, 60) || "host"
  }-${where}`;
}
