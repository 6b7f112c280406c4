import { Client } from "pg";
import { ConfigError } from "../config";

/** The database DATABASE_URL names cannot be used; the message says why, never the password. */
export class DatabaseUnreachableError extends ConfigError {
  override name = "DatabaseUnreachableError";
}

const CONNECT_TIMEOUT_MS = 5_000;

/** Reasons for socket errors, in words; anything else keeps the server's own (password-free) message. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
};

/** Postgres error codes that mean "you reached it, but it will not let you in". */
const LOGIN_CODES = new Set(["28P01", "28000", "3D000", "42501"]);

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}`;
  } catch {
    return "(unparsable URL)";
  }
}

export function describeConnectError(err: unknown, url: string): DatabaseUnreachableError {
  const e = err as { code?: string; message?: string };
  const at = where(url);
  const reason = (e.code && NETWORK_REASONS[e.code]) ?? (/timeout/i.test(e.message ?? "") ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` : undefined);
  if (reason) return new DatabaseUnreachableError(`cannot reach the database at ${at} (DATABASE_URL): ${reason}`);
  if (e.code && LOGIN_CODES.has(e.code)) return new DatabaseUnreachableError(`the database at ${at} (DATABASE_URL) refused us: ${e.message}`);
  const password = safeDecode(url);
  const message = String(e.message ?? err)
    .split(password || "\u0000")
    .join("***");
  return new DatabaseUnreachableError(`cannot use the database at ${at} (DATABASE_URL): ${message}`);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return "";
  }
}

/** Connects once before anything else, so a bad DATABASE_URL is reported as such. */
export async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    throw describeConnectError(err, url);
  } finally {
    await client.end().catch(() => {});
  }
}
