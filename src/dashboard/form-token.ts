import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A token for the self-subscribe form: HMAC(secret, provider|issued-at). A cross-site page cannot
 * read it (same-origin policy), so a forged POST lacks it; it expires so a copied one goes stale.
 */
const MAX_AGE_MS = 2 * 3_600_000;

export function formToken(secret: string, providerId: string, now = Date.now()): string {
  const sig = createHmac("sha256", secret).update(`subscribe|${providerId}|${now}`).digest("base64url");
  return `${now}.${sig}`;
}

export function formTokenValid(secret: string, providerId: string, token: unknown, now = Date.now()): boolean {
  if (typeof token !== "string") return false;
  const [issued, sig] = token.split(".");
  const at = Number(issued);
  if (!sig || !Number.isSafeInteger(at) || at > now + 60_000 || now - at > MAX_AGE_MS) return false;
  const want = Buffer.from(formToken(secret, providerId, at).split(".")[1]!);
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
