import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { buildConnector } from "undici";
import { type AddressOptions, classifyAddress, classifyHostname, describeVerdict, kindOf } from "./address-policy";
import { NetError } from "./errors";
import type { ResolvedAddress, Resolver } from "./resolve";

/** The host as the URL parser wrote it, without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "");
}

/** Refusal of a host by its text alone (an IP literal in any form, `localhost`, metadata names). */
export function literalProblem(hostname: string, opts: AddressOptions = {}): NetError | undefined {
  const v = classifyHostname(hostname, opts);
  if (!v.blocked) return undefined;
  const host = bareHost(hostname);
  const shown = isIP(host) ? `${host}${v.embedded ? ` (${v.embedded})` : ""}` : host;
  return new NetError("blocked", `${shown} is ${kindOf(v)}; refused`);
}

/** Refusal of a name when any of its DNS answers is not public: an attacker controls which one is used. */
export function resolvedProblem(hostname: string, answers: readonly ResolvedAddress[], opts: AddressOptions = {}): NetError | undefined {
  if (answers.length === 0) return new NetError("unreachable", `${hostname} did not resolve to any address`, "ENOTFOUND");
  for (const a of answers) {
    const v = classifyAddress(a.address, opts);
    if (v.blocked) return new NetError("blocked", `${hostname} resolved to ${describeVerdict(v)}; refused`);
  }
  return undefined;
}

function lookupError(hostname: string, err: unknown): NetError {
  if (err instanceof NetError) return err;
  const code = (err as { code?: string })?.code;
  return new NetError("unreachable", `${hostname} could not be resolved (${code ?? String(err)})`, code ?? "ENOTFOUND");
}

/**
 * A `lookup` for net/tls.connect that answers from the resolver, and, when `check` is set, fails
 * unless every answer is public. The socket then connects to exactly the addresses checked: there
 * is no second resolution an attacker's DNS could answer differently.
 */
export function lookupFrom(resolver: Resolver, check: boolean, opts: AddressOptions = {}): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (answers) => {
        const wanted = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
        const problem = (check ? resolvedProblem(hostname, answers, opts) : undefined) ?? (wanted.length ? undefined : resolvedProblem(hostname, []));
        if (problem) return callback(problem, "", 0);
        if (options.all)
          return callback(
            null,
            wanted.map((a) => ({ address: a.address, family: a.family })),
          );
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err) => callback(lookupError(hostname, err), "", 0),
    );
  };
}

/**
 * An undici connector that checks the address of every connection it opens: an IP literal by its
 * value, a name by every DNS answer. With `check` false it only resolves (trusted and allowlisted
 * destinations), through the same resolver.
 */
export function connectorFor(resolver: Resolver, check: boolean, opts: AddressOptions = {}, timeoutMs?: number): buildConnector.connector {
  const base = buildConnector({ lookup: lookupFrom(resolver, check, opts), ...(timeoutMs ? { timeout: timeoutMs } : {}) });
  if (!check) return base;
  return (o, callback) => {
    const problem = literalProblem(o.hostname, opts);
    if (problem) return void callback(problem, null);
    base(o, callback);
  };
}
