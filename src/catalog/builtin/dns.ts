import type { RawEntry } from "../entry-schema";

/** DNS, domains and the network paths around them. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const DNS_PROVIDERS: RawEntry[] = [
  { id: "dnsimple", name: "DNSimple", kind: "statuspage", url: "https://dnsimple.statuspage.io", category: "dns", capabilities: ["dns", "domain-registrar"] },
  { id: "opensrs", name: "OpenSRS", kind: "statuspage", url: "https://www.opensrsstatus.com", category: "dns", capabilities: ["domain-registrar"] },
  { id: "godaddy", name: "GoDaddy", kind: "statuspage", url: "https://status.godaddy.com", category: "dns", capabilities: ["domain-registrar", "dns"] },
  { id: "gandi", name: "Gandi", kind: "statuspage", url: "https://status.gandi.net", category: "dns", capabilities: ["domain-registrar", "dns"] },
  { id: "name-com", name: "Name.com", kind: "statuspage", url: "https://status.name.com", category: "dns", capabilities: ["domain-registrar", "dns"] },
  { id: "quad9", name: "Quad9", kind: "feed", url: "https://uptime.quad9.net/history.atom", category: "dns", capabilities: ["dns"] },
  { id: "tailscale", name: "Tailscale", kind: "statuspage", url: "https://status.tailscale.com", category: "dns", capabilities: ["private-networking"] },
  { id: "twingate", name: "Twingate", kind: "statuspage", url: "https://status.twingate.com", category: "dns", capabilities: ["private-networking"] },
  { id: "ngrok", name: "ngrok", kind: "statuspage", url: "https://status.ngrok.com", category: "dns", capabilities: ["private-networking"] },
  { id: "ntppool", name: "NTP Pool Project", kind: "statuspage", url: "https://status.ntppool.org", category: "dns", capabilities: ["time-sync"] },
];
