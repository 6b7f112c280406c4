import { createHash } from "node:crypto";
import { invalidPayload, SourceError } from "../errors";

export function parseJson(text: string, what: string): unknown {
  try {
    // A byte-order mark is not JSON, but real servers send one.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    // A page that moved or was replaced often answers with its HTML: say so rather than where JSON broke.
    if (/^\s*</.test(text)) throw invalidPayload(`${what} is not JSON (it is HTML)`);
    // V8's message quotes the body; keep only where it broke.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    throw invalidPayload(`${what} is not JSON${position ? ` (syntax error at position ${position})` : text.trim() === "" ? " (empty body)" : ""}`);
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
  return createHash("sha256")
    .update(parts.map((p) => String(p ?? "")).join("\u0000"))
    .digest("hex")
    .slice(0, 16);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/**
 * Parses each item of a list on its own: an unreadable item is skipped and its reason added to
 * `skipped`, and the rest stand. When every item fails, the document is garbled and the first
 * item's error is thrown.
 */
export function parseEach<T, R>(items: readonly T[], parse: (item: T) => R, skipped: string[]): R[] {
  const out: R[] = [];
  let firstError: SourceError | undefined;
  for (const item of items) {
    try {
      out.push(parse(item));
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      firstError ??= err;
      skipped.push(err.message);
    }
  }
  if (firstError && out.length === 0) throw firstError;
  return out;
}
