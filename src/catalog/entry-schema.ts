import { z } from "zod";
import { SlaTermsSchema } from "../sla/terms";

export const CATEGORIES = [
  "ai",
  "cloud",
  "cdn",
  "dns",
  "database",
  "payments",
  "auth",
  "email-sms",
  "ci-cd",
  "devtools",
  "monitoring",
  "communication",
  "productivity",
  "other",
] as const;

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** What a provider does for a team, e.g. "llm-api" or "object-storage": the failover answer groups by it. */
export const CapabilitySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "must be 1-48 lowercase letters, digits or '-'");

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
    id: z.string().regex(PROVIDER_ID, "must be 1-64 lowercase letters, digits, '.', '_' or '-'"),
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
    capabilities: z.array(CapabilitySchema).max(20).optional(),
    /** Providers a team names as its own fallbacks, ranked before others of the same capability. */
    alternatives: z.array(z.string().regex(PROVIDER_ID, "must be a provider id")).max(20).optional(),
  })
  .strict();

export type RawEntry = z.infer<typeof RawEntrySchema>;
