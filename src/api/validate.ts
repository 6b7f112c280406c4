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

/** Query values arrive as strings (or arrays when repeated); these coerce them strictly. */
export const q = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  bool: z.enum(["true", "false"]).transform((v) => v === "true"),
  date: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date or date-time")
    .transform((s) => new Date(s)),
  /** A comma-separated list of allowed values. */
  list<T extends string>(values: readonly T[]) {
    return z
      .string()
      .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
      .pipe(z.array(z.enum(values as [T, ...T[]])).min(1));
  },
  ids: z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(64)).min(1).max(100)),
  cursor: z.string().max(200),
};

export const intId = z.coerce.number().int().positive().max(2_147_483_647);

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
