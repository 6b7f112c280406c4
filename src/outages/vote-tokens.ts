import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** What an "I'm affected" / "Not affected" button stands for: one subscription's vote on one episode. */
export interface Vote {
  subscriptionId: number;
  providerId: string;
  episodeId: number;
  affected: boolean;
}

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(`vote:${payload}`).digest("base64url");

/** A signed, self-contained token: the link is the only credential, nothing is stored for it. */
export function voteToken(secret: string, v: Vote): string {
  const payload = Buffer.from(JSON.stringify([v.subscriptionId, v.providerId, v.episodeId, v.affected ? 1 : 0])).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

export function readVoteToken(secret: string, token: string): Vote | undefined {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined || token.length > 500) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const [s, p, e, a] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown[];
    if (typeof s !== "number" || typeof p !== "string" || typeof e !== "number" || (a !== 0 && a !== 1)) return undefined;
    return { subscriptionId: s, providerId: p, episodeId: e, affected: a === 1 };
  } catch {
    return undefined;
  }
}

/** Stands for a client without keeping its address: a salted hash, cut short. */
export function clientHash(salt: string, address: string): string {
  return createHash("sha256").update(`${salt}\u0000${address}`).digest("base64url").slice(0, 22);
}
