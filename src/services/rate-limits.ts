import { createHmac } from "node:crypto";
import { queryRows } from "../db/pool";
import type { PrismaClient } from "../generated/prisma/client";

/**
 * Fixed-window counters in Postgres, so every instance behind a load balancer counts against the
 * same limit. One statement per attempt: the upsert is atomic (concurrent attempts wait on the
 * key's row), and a counter at its limit is left as it is (refused attempts extend nothing).
 */
export class RateLimits {
  constructor(
    private readonly prisma: PrismaClient,
    /** Keys are stored as an HMAC with this secret: a client address never reaches the table. */
    private readonly secret: string,
  ) {}

  /** True when the attempt is allowed (and counted). */
  async take(scope: string, key: string, limit: number, windowMs: number): Promise<boolean> {
    const hashed = `${scope}:${createHmac("sha256", this.secret).update(key).digest("base64url")}`;
    // A key's window opens at its first attempt (as an in-memory counter's would) by the database's clock.
    // Expired rows of other keys go in passing; the key's own is reset by the upsert.
    const rows = await queryRows<{ count: number }>(
      this.prisma,
      `WITH expired AS (DELETE FROM rate_limit_hits WHERE expires_at < now() AND key <> $1)
       INSERT INTO rate_limit_hits AS h (key, window_start, count, expires_at)
       VALUES ($1, now(), 1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN h.expires_at <= now() THEN now() ELSE h.window_start END,
         count = CASE WHEN h.expires_at <= now() THEN 1 ELSE h.count + 1 END,
         expires_at = CASE WHEN h.expires_at <= now() THEN excluded.expires_at ELSE h.expires_at END
       WHERE h.expires_at <= now() OR h.count < $3
       RETURNING h.count`,
      hashed,
      windowMs,
      limit,
    );
    return rows.length > 0;
  }
}
