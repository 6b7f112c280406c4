import type { NotifyConfig } from "../config";
import { NetError, type NetClient } from "../net";
import type { SendDeps } from "./channels/types";

/**
 * The request function channels get: every call goes through the shared NetClient under the
 * notification policy. A channel target is never trusted for being configured: only
 * WEBHOOK_ALLOWLIST skips the connect-time address check.
 */
export function channelRequest(net: NetClient | undefined, config: Pick<NotifyConfig, "webhookAllowlist">): SendDeps["request"] {
  if (!net) return async () => Promise.reject(new NetError("blocked", "this sender has no network client"));
  const policy = { allowlist: config.webhookAllowlist };
  return (url, req) => net.request(url, { ...req, policy });
}
