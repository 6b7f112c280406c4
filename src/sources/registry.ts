import { aws } from "./aws";
import { azure } from "./azure";
import { downdetector } from "./downdetector";
import { feed } from "./feed";
import { gcp } from "./gcp";
import { html } from "./html";
import { incidentio } from "./incidentio";
import { probe } from "./probe";
import { slack } from "./slack";
import { statuspage } from "./statuspage";
import type { SourceKind } from "./types";

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
};

export function sourceKind(kind: string): SourceKind<unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(SOURCE_KINDS, kind) ? SOURCE_KINDS[kind] : undefined;
}
