import type { RawEntry } from "../entry-schema";

/** Clouds, hosting platforms and PaaS. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const CLOUD_PROVIDERS: RawEntry[] = [
  // Amazon Compute SLA (EC2, EBS, ECS, Fargate), Region-Level: 99.99 % monthly; 10 % credit below it, 30 % below 99.0 %, 100 % below 95.0 %.
  { id: "aws", name: "Amazon Web Services", kind: "aws", url: "https://status.aws.amazon.com/rss/all.rss", category: "cloud", capabilities: ["compute", "object-storage", "kubernetes", "serverless", "sql-database"], sla: { monthlyPercent: 99.99, credits: [{ below: 99.99, creditPercent: 10 }, { below: 99.0, creditPercent: 30 }, { below: 95.0, creditPercent: 100 }], components: ["Amazon Elastic Compute Cloud (Amazon EC2)", "Amazon Elastic Block Store (Amazon EBS)", "Amazon Elastic Container Service (Amazon ECS)", "AWS Fargate"], source: "https://aws.amazon.com/compute/sla/" } },
  { id: "azure", name: "Microsoft Azure", kind: "azure", url: "https://azure.status.microsoft/en-us/status/feed/", category: "cloud", capabilities: ["compute", "object-storage", "kubernetes", "serverless", "sql-database"] },
  { id: "gcp", name: "Google Cloud", kind: "gcp", url: "https://status.cloud.google.com/incidents.json", category: "cloud", components: ["Google Compute Engine", "Google Kubernetes Engine", "Google BigQuery", "Google Cloud SQL", "Cloud Load Balancing"], capabilities: ["compute", "object-storage", "kubernetes", "serverless", "sql-database"] },
  { id: "firebase", name: "Firebase", kind: "feed", url: "https://status.firebase.google.com/en/feed.atom", category: "cloud", capabilities: ["baas", "identity", "nosql-database"] },
  // CPU Droplets: 99.99 % monthly uptime, 100 % credit for the affected Droplets below it.
  { id: "digitalocean", name: "DigitalOcean", kind: "statuspage", url: "https://status.digitalocean.com", category: "cloud", capabilities: ["compute", "vps", "kubernetes", "object-storage"], sla: { monthlyPercent: 99.99, credits: [{ below: 99.99, creditPercent: 100 }], components: ["Droplets"], source: "https://www.digitalocean.com/sla/cpu-droplets" } },
  { id: "linode", name: "Linode (Akamai Cloud)", kind: "statuspage", url: "https://status.linode.com", category: "cloud", capabilities: ["compute", "vps", "kubernetes", "object-storage"] },
  { id: "vercel", name: "Vercel", kind: "statuspage", url: "https://www.vercel-status.com", category: "cloud", capabilities: ["static-hosting", "serverless", "edge-compute"] },
  { id: "netlify", name: "Netlify", kind: "statuspage", url: "https://www.netlifystatus.com", category: "cloud", capabilities: ["static-hosting", "serverless"] },
  { id: "render", name: "Render", kind: "statuspage", url: "https://status.render.com", category: "cloud", capabilities: ["paas"] },
  { id: "flyio", name: "Fly.io", kind: "statuspage", url: "https://status.flyio.net", category: "cloud", capabilities: ["paas", "compute"] },
  { id: "heroku", name: "Heroku", kind: "feed", url: "https://status.heroku.com/feed", category: "cloud", capabilities: ["paas"] },
  { id: "railway", name: "Railway", kind: "instatus", url: "https://railway.instatus.com", category: "cloud", capabilities: ["paas"] },
  { id: "koyeb", name: "Koyeb", kind: "instatus", url: "https://status.koyeb.com", category: "cloud", capabilities: ["paas", "serverless"] },
  { id: "oracle-cloud", name: "Oracle Cloud Infrastructure", kind: "statuspage", url: "https://ocistatus.oraclecloud.com", category: "cloud", capabilities: ["compute", "object-storage", "kubernetes"] },
  { id: "ovhcloud", name: "OVHcloud", kind: "statuspage", url: "https://status.ovhcloud.com", category: "cloud", capabilities: ["compute", "vps", "object-storage"] },
  { id: "scaleway", name: "Scaleway", kind: "statuspage", url: "https://status.scaleway.com", category: "cloud", capabilities: ["compute", "kubernetes", "object-storage"] },
  { id: "hetzner", name: "Hetzner", kind: "feed", url: "https://status.hetzner.com/de.atom", category: "cloud", capabilities: ["compute", "vps"] },
  { id: "upcloud", name: "UpCloud", kind: "statuspage", url: "https://status.upcloud.com", category: "cloud", capabilities: ["compute", "vps"] },
  { id: "exoscale", name: "Exoscale", kind: "feed", url: "https://exoscalestatus.com/history.atom", category: "cloud", capabilities: ["compute", "object-storage"] },
  { id: "ionos-cloud", name: "IONOS Cloud", kind: "feed", url: "https://status.ionos.cloud/history.atom", category: "cloud", capabilities: ["compute", "object-storage"] },
  { id: "stackit", name: "STACKIT", kind: "feed", url: "https://status.stackit.cloud/history.atom", category: "cloud", capabilities: ["compute", "kubernetes"] },
  { id: "gridscale", name: "gridscale", kind: "feed", url: "https://status.gridscale.io/history.atom", category: "cloud", capabilities: ["compute"] },
  { id: "cloudsigma", name: "CloudSigma", kind: "statuspage", url: "https://status.cloudsigma.com", category: "cloud", capabilities: ["compute"] },
  { id: "yandex-cloud", name: "Yandex Cloud", kind: "statuspage", url: "https://status.cloud.yandex.com", category: "cloud", capabilities: ["compute", "object-storage"] },
  { id: "cloudways", name: "Cloudways", kind: "statuspage", url: "https://status.cloudways.com", category: "cloud", capabilities: ["paas"] },
  { id: "pantheon", name: "Pantheon", kind: "statuspage", url: "https://status.pantheon.io", category: "cloud", capabilities: ["paas"] },
  { id: "redhat", name: "Red Hat (cloud services)", kind: "feed", url: "https://status.redhat.com/history.atom", category: "cloud", capabilities: ["kubernetes", "paas"] },
  { id: "engineyard", name: "Engine Yard", kind: "statuspage", url: "https://engineyard.statuspage.io", category: "cloud", capabilities: ["paas"] },
  { id: "balena", name: "balena", kind: "statuspage", url: "https://status.balena.io", category: "cloud", capabilities: ["iot-platform"] },
  { id: "particle", name: "Particle", kind: "statuspage", url: "https://status.particle.io", category: "cloud", capabilities: ["iot-platform"] },
];
