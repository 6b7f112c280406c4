import { AI_PROVIDERS } from "./builtin/ai";
import { AUTH_PROVIDERS } from "./builtin/auth";
import { CDN_PROVIDERS } from "./builtin/cdn";
import { CI_CD_PROVIDERS } from "./builtin/ci-cd";
import { CLOUD_PROVIDERS } from "./builtin/cloud";
import { COMMUNICATION_PROVIDERS } from "./builtin/communication";
import { DATABASE_PROVIDERS } from "./builtin/database";
import { DEVTOOLS_PROVIDERS } from "./builtin/devtools";
import { DNS_PROVIDERS } from "./builtin/dns";
import { EMAIL_SMS_PROVIDERS } from "./builtin/email-sms";
import { MONITORING_PROVIDERS } from "./builtin/monitoring";
import { OTHER_PROVIDERS } from "./builtin/other";
import { PAYMENTS_PROVIDERS } from "./builtin/payments";
import { PRODUCTIVITY_PROVIDERS } from "./builtin/productivity";
import type { RawEntry } from "./entry-schema";

/**
 * Providers statuswatch knows out of the box, one file per category under `builtin/` (AI first). Adding one
 * is one entry in its category's file plus its row in catalog/EVIDENCE.md (how its page's format was
 * confirmed); `components` names the parts of the page users care about most, `capabilities` come from
 * the vocabulary in capabilities.ts.
 */
export const BUILTIN_CATALOG: RawEntry[] = [
  ...AI_PROVIDERS,
  ...CLOUD_PROVIDERS,
  ...CDN_PROVIDERS,
  ...DNS_PROVIDERS,
  ...DATABASE_PROVIDERS,
  ...PAYMENTS_PROVIDERS,
  ...AUTH_PROVIDERS,
  ...EMAIL_SMS_PROVIDERS,
  ...CI_CD_PROVIDERS,
  ...DEVTOOLS_PROVIDERS,
  ...MONITORING_PROVIDERS,
  ...COMMUNICATION_PROVIDERS,
  ...PRODUCTIVITY_PROVIDERS,
  ...OTHER_PROVIDERS,
];
