import type { Resolver } from "../../src/net";

/**
 * Names a test controls, resolving to whatever the map says at the time of the lookup (change it
 * to play a DNS answer that moves). Unknown names fail like getaddrinfo does.
 */
export function fakeDns(names: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const answers = names[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}
