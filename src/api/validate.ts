import { z } from "zod";
import { invalidParams } from "./problem";

export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const r = schema.safeParse(query);
  if (!r.success) throw invalidParams(r.error, "query");
  return r.data;
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw invalidParams(r.error, "body");
  return r.data;
}

const FIRST_STORABLE = Date.UTC(1, 0, 1);
const LAST_STORABLE = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An ISO 8601 date or date-time naming a real calendar day (no 31 February) whose instant lies in
 * years 1–9999 UTC: Postgres has no year 0, and JavaScript would otherwise hand it one.
 */
export function parseIsoDate(s: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (!days || day < 1 || day > days) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) || t < FIRST_STORABLE || t > LAST_STORABLE ? undefined : new Date(t);
}

export const isoDate = z
  .string()
  .max(64)
  .refine((s) => parseIsoDate(s) !== undefined, "must be an ISO 8601 date or date-time in years 0001–9999")
  .transform((s) => parseIsoDate(s)!);

/** Query values arrive as strings (or arrays when repeated); these coerce them strictly. */
export const q = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  bool: z.enum(["true", "false"]).transform((v) => v === "true"),
  date: isoDate,
  /** A comma-separated list of allowed values. */
  list<T extends string>(values: readonly T[]) {
    return z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(values as [T, ...T[]])).min(1));
  },
  ids: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(64)).min(1).max(100)),
  cursor: z.string().max(200),
  /** The "older" link of a server-rendered page (time-id), only as the page itself writes it. */
  pageCursor: z
    .string()
    .regex(/^\d{1,15}-\d{1,10}$/, "is not a page cursor this page made")
    .optional(),
};

/** A row id: Postgres integers stop at 2^31−1, and a larger one would fail the query rather than find nothing. */
export const intId = z.coerce.number().int().positive().max(2_147_483_647);
/** An id inside a cursor (already a JSON number). */
export const cursorId = z.number().int().positive().max(2_147_483_647);

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(schema: T, cursor: string): z.infer<T> {
  try {
    const r = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (r.success) return r.data;
  } catch {
    // fall through to the invalid-cursor problem
  }
  throw invalidParams(new z.ZodError([{ code: "custom", path: ["cursor"], message: "is not a cursor this API returned", input: cursor }]), "query");
}
