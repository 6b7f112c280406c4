import { aws } from "./aws";
import { azure } from "./azure";
import { betterstack } from "./betterstack";
import { cachet } from "./cachet";
import { downdetector } from "./downdetector";
import { feed } from "./feed";
import { gcp } from "./gcp";
import { html } from "./html";
import { incidentio } from "./incidentio";
import { instatus } from "./instatus";
import { openstatus } from "./openstatus";
import { probe } from "./probe";
import { slack } from "./slack";
import { statuspage } from "./statuspage";
import { statusio } from "./statusio";
import type { SourceKind } from "./types";
import { uptimekuma } from "./uptimekuma";

/** Every status-page kind, keyed by the catalog's `kind`. A new kind is one file plus one line here. */
export const SOURCE_KINDS: Record<string, SourceKind<any>> = {
  statuspage,
  incidentio,
  feed,
  gcp,
  aws,
  azure,
  slack,
  html,
  downdetector,
  probe,
  statusio,
  instatus,
  betterstack,
  cachet,
  openstatus,
  uptimekuma,
};

export function sourceKind(kind: string): SourceKind<unknown> | undefined {
  return Object.hasOwn(SOURCE_KINDS, kind) ? SOURCE_KINDS[kind] : undefined;
}
