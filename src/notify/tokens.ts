import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only hashes of tokens are stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The unsubscribe token is derived, so every email can carry it while only its hash is stored. */
export function unsubscribeToken(secret: string, subscriptionId: number): string {
  return createHmac("sha256", secret).update(`unsubscribe:${subscriptionId}`).digest("base64url");
}

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
