import type { RawEntry } from "../entry-schema";

/** Identity, passwords, certificates and compliance. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const AUTH_PROVIDERS: RawEntry[] = [
  { id: "clerk", name: "Clerk", kind: "statuspage", url: "https://status.clerk.com", category: "auth", capabilities: ["identity"] },
  { id: "workos", name: "WorkOS", kind: "statuspage", url: "https://status.workos.com", category: "auth", capabilities: ["identity"] },
  { id: "stytch", name: "Stytch", kind: "instatus", url: "https://status.stytch.com", category: "auth", capabilities: ["identity"] },
  { id: "frontegg", name: "Frontegg", kind: "statuspage", url: "https://status.frontegg.com", category: "auth", capabilities: ["identity"] },
  { id: "fusionauth", name: "FusionAuth Cloud", kind: "statuspage", url: "https://status.fusionauth.io", category: "auth", capabilities: ["identity"] },
  { id: "descope", name: "Descope", kind: "feed", url: "https://descopestatus.com/default/history.rss", category: "auth", capabilities: ["identity"] },
  {
    id: "supertokens",
    name: "SuperTokens",
    kind: "feed",
    url: "https://supertokens.instatus.com/default/history.rss",
    category: "auth",
    capabilities: ["identity"],
  },
  { id: "duo", name: "Duo Security", kind: "statuspage", url: "https://status.duo.com", category: "auth", capabilities: ["identity"] },
  { id: "jumpcloud", name: "JumpCloud", kind: "statuspage", url: "https://status.jumpcloud.com", category: "auth", capabilities: ["identity"] },
  { id: "onepassword", name: "1Password", kind: "statuspage", url: "https://status.1password.com", category: "auth", capabilities: ["password-manager"] },
  { id: "lastpass", name: "LastPass", kind: "statuspage", url: "https://status.lastpass.com", category: "auth", capabilities: ["password-manager"] },
  {
    id: "letsencrypt",
    name: "Let's Encrypt",
    kind: "feed",
    url: "https://letsencrypt.status.io/pages/55957a99e800baa4470002da/rss",
    category: "auth",
    capabilities: ["certificates"],
  },
  { id: "vanta", name: "Vanta", kind: "statuspage", url: "https://status.vanta.com", category: "auth", capabilities: ["compliance"] },
];
