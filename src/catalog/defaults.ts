/**
 * What a fresh install watches until the user picks more: well-known pages most teams depend on,
 * each an id of the built-in catalog (test/catalog/defaults.test.ts checks that they are).
 */
export const DEFAULT_PROVIDER_IDS = ["anthropic", "openai", "github", "cloudflare", "aws", "gcp", "slack", "stripe"] as const;
