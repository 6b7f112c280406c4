import { createHash } from "node:crypto";
import { invalidPayload } from "./errors";

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidPayload(`${what} is not JSON (${(err as Error).message.slice(0, 120)})`);
  }
}

/** Parses a timestamp with its own offset into a Date; undefined for empty or unparseable values. */
export function toDate(raw: unknown): Date | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  const d = raw instanceof Date ? raw : new Date(typeof raw === "number" ? raw : String(raw));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function requireDate(raw: unknown, what: string): Date {
  const d = toDate(raw);
  if (!d) throw invalidPayload(`${what} has no valid time (${JSON.stringify(raw)?.slice(0, 60)})`);
  return d;
}

export function shortHash(...parts: unknown[]): string {
  return createHash("sha256").update(parts.map((p) => String(p ?? "")).join("\u0000")).digest("hex").slice(0, 16);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}
