import { z } from "zod";
import { SlaTermsSchema } from "../sla/terms";

export const CATEGORIES = ["ai", "cloud", "cdn", "devtools", "communication", "payments", "productivity", "monitoring", "other"] as const;

/** An early-warning signal of a provider (crowd reports, a probe); `options` is checked by the signal kind. */
export const RawSignalSchema = z
  .object({
    kind: z.string().min(1),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
    options: z.record(z.string(), z.unknown()).optional(),
    pollIntervalSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();

/** A provider as written in the catalog or PROVIDERS_FILE; `options` is checked by the kind itself. */
export const RawEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1-64 lowercase letters, digits, '.', '_' or '-'"),
    name: z.string().trim().min(1).max(200),
    kind: z.string().min(1),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
    pollIntervalSeconds: z.number().int().min(1).max(86_400).optional(),
    category: z.enum(CATEGORIES).optional(),
    components: z.array(z.string().min(1)).max(50).optional(),
    enabled: z.boolean().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    signals: z.array(RawSignalSchema).max(10).optional(),
    /** The provider's published monthly SLA (a PROVIDERS_FILE entry states a team's own contract). */
    sla: SlaTermsSchema.optional(),
  })
  .strict();

export type RawEntry = z.infer<typeof RawEntrySchema>;
