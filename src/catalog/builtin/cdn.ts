import type { RawEntry } from "../entry-schema";

/** CDNs, edge networks and media delivery. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const CDN_PROVIDERS: RawEntry[] = [
  {
    id: "cloudflare",
    name: "Cloudflare",
    kind: "statuspage",
    url: "https://www.cloudflarestatus.com",
    category: "cdn",
    capabilities: ["cdn", "dns", "ddos-protection", "edge-compute", "object-storage"],
  },
  { id: "bunny", name: "Bunny.net", kind: "statuspage", url: "https://status.bunny.net", category: "cdn", capabilities: ["cdn", "object-storage"] },
  {
    id: "akamai",
    name: "Akamai",
    kind: "statuspage",
    url: "https://www.akamaistatus.com",
    category: "cdn",
    capabilities: ["cdn", "ddos-protection", "edge-compute"],
  },
  { id: "fastly", name: "Fastly", kind: "feed", url: "https://www.fastlystatus.com/rss", category: "cdn", capabilities: ["cdn", "edge-compute"] },
  { id: "cdnjs", name: "cdnjs", kind: "feed", url: "https://status.cdnjs.com/history.atom", category: "cdn", capabilities: ["cdn"] },
  { id: "imgix", name: "imgix", kind: "statuspage", url: "https://status.imgix.com", category: "cdn", capabilities: ["image-cdn"] },
  { id: "cloudinary", name: "Cloudinary", kind: "statuspage", url: "https://status.cloudinary.com", category: "cdn", capabilities: ["image-cdn"] },
  {
    id: "imperva",
    name: "Imperva (Incapsula)",
    kind: "statuspage",
    url: "https://status.incapsula.com",
    category: "cdn",
    capabilities: ["cdn", "ddos-protection"],
  },
  { id: "mux", name: "Mux", kind: "statuspage", url: "https://status.mux.com", category: "cdn", capabilities: ["video-api"] },
];
