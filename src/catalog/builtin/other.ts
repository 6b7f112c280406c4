import type { RawEntry } from "../entry-schema";

/** Product analytics and data services. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const OTHER_PROVIDERS: RawEntry[] = [
  { id: "segment", name: "Segment", kind: "statuspage", url: "https://status.segment.com", category: "other", capabilities: ["product-analytics"] },
  { id: "mixpanel", name: "Mixpanel", kind: "statuspage", url: "https://www.mixpanelstatus.com", category: "other", capabilities: ["product-analytics"] },
  { id: "amplitude", name: "Amplitude", kind: "statuspage", url: "https://status.amplitude.com", category: "other", capabilities: ["product-analytics"] },
  { id: "heap", name: "Heap", kind: "statuspage", url: "https://status.heapanalytics.com", category: "other", capabilities: ["product-analytics"] },
  {
    id: "posthog",
    name: "PostHog",
    kind: "statuspage",
    url: "https://www.posthogstatus.com",
    category: "other",
    capabilities: ["product-analytics", "feature-flags", "session-replay"],
  },
  { id: "hotjar", name: "Hotjar", kind: "statuspage", url: "https://status.hotjar.com", category: "other", capabilities: ["session-replay"] },
  {
    id: "mode",
    name: "Mode Analytics",
    kind: "statuspage",
    url: "https://status.modeanalytics.com",
    category: "other",
    capabilities: ["business-intelligence"],
  },
  { id: "chartbeat", name: "Chartbeat", kind: "statuspage", url: "https://chartbeat.statuspage.io", category: "other", capabilities: ["product-analytics"] },
  {
    id: "geckoboard",
    name: "Geckoboard",
    kind: "statuspage",
    url: "https://geckoboard.statuspage.io",
    category: "other",
    capabilities: ["business-intelligence"],
  },
  { id: "zoominfo", name: "ZoomInfo", kind: "statuspage", url: "https://status.zoominfo.com", category: "other", capabilities: ["data-enrichment"] },
  { id: "clearbit", name: "Clearbit", kind: "statuspage", url: "https://status.clearbit.com", category: "other", capabilities: ["data-enrichment"] },
  { id: "bitly", name: "Bitly", kind: "feed", url: "https://status.bitly.com/history.atom", category: "other", capabilities: ["link-management"] },
];
