export {
  type AddressOptions,
  type AddressVerdict,
  type BlockedKind,
  classifyAddress,
  classifyHostname,
  describeVerdict,
  disguisedHost,
  type Nat64Prefix,
  parseNat64Prefix,
} from "./address-policy";
export { allowlistPrefix, parseAllowlist, underAllowlist } from "./allowlist";
export { parseRetryAfter, retryDelayMs, type RetryDelayOptions } from "./backoff";
export { isTrusted, MAX_REDIRECTS, NetClient, type NetClientOptions, type NetPolicy, type NetRequest, type NetResponse } from "./client";
export { NetError, networkCode, type NetErrorKind } from "./errors";
export { literalProblem, resolvedProblem } from "./guard";
export { Limiter } from "./limiter";
export { systemResolver, type ResolvedAddress, type Resolver } from "./resolve";
