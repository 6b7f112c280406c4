import { z } from "zod";

/** A provider's published (or a team's contracted) monthly SLA, as written in a catalog entry. */
export const SlaTermsSchema = z
  .object({
    monthlyPercent: z.number().gt(0).max(100),
    credits: z
      .array(z.object({ below: z.number().gt(0).max(100), creditPercent: z.number().min(0).max(100) }).strict())
      .max(20)
      .default([]),
    components: z.array(z.string().min(1)).max(50).optional(),
    source: z
      .string()
      .url()
      .refine((u) => /^https:\/\//i.test(u), "must be an https URL"),
  })
  .strict();

export type SlaTerms = z.infer<typeof SlaTermsSchema>;
