import type { OutagesConfig } from "../config";
import type { PrismaClient } from "../generated/prisma/client";

export const SYMPTOMS = ["down", "errors", "slow", "login", "other"] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export interface ReportInput {
  providerId: string;
  /** An opaque id: the API caller's `reporter`, or a salted hash for links and the dashboard. */
  reporter: string;
  via: "api" | "link" | "dashboard";
  affected: boolean;
  component?: string;
  symptom?: Symptom;
}

export class ReportRateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("too many reports from this reporter");
  }
}

/**
 * Reports from your own people. One reporter counts once per provider per window (a flood counts
 * once) and past the rate limit is refused; a counted report judges the provider again at once.
 */
export class ReportService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cfg: Pick<OutagesConfig, "reportWindowMs" | "reportRateLimit">,
    private readonly onCounted?: (providerId: string) => Promise<void>,
  ) {}

  async submit(r: ReportInput, now = new Date()): Promise<{ counted: boolean }> {
    const since = new Date(now.getTime() - this.cfg.reportWindowMs);
    // A flood is refused by one indexed read, without queueing on the reporter's lock; the
    // transaction below decides for the reports that get through.
    const recentCount = await this.prisma.userReport.count({ where: { providerId: r.providerId, reporter: r.reporter, at: { gt: since } } });
    if (recentCount >= this.cfg.reportRateLimit) throw new ReportRateLimited(Math.ceil(this.cfg.reportWindowMs / 1000));
    const counted = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`report:${r.providerId}:${r.reporter}`}))`;
      const recent = await tx.userReport.findMany({
        where: { providerId: r.providerId, reporter: r.reporter, at: { gt: since } },
        select: { counted: true, at: true },
        orderBy: { at: "asc" },
      });
      if (recent.length >= this.cfg.reportRateLimit) {
        const oldest = recent[0]!.at.getTime();
        throw new ReportRateLimited(Math.max(1, Math.ceil((oldest + this.cfg.reportWindowMs - now.getTime()) / 1000)));
      }
      const counted = r.affected && !recent.some((x) => x.counted);
      await tx.userReport.create({
        data: {
          providerId: r.providerId,
          reporter: r.reporter,
          via: r.via,
          affected: r.affected,
          component: r.component ?? null,
          symptom: r.symptom ?? null,
          counted,
          at: now,
        },
      });
      return counted;
    });
    if (counted) await this.onCounted?.(r.providerId);
    return { counted };
  }
}
