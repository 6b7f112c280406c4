import type { RawEntry } from "./entry-schema";

/**
 * Providers statuswatch watches out of the box. Adding one is one entry here (or in a
 * PROVIDERS_FILE); `components` names the parts of the page users care about most.
 */
export const BUILTIN_CATALOG: RawEntry[] = [
  // AI
  {
    id: "anthropic",
    name: "Anthropic (Claude)",
    kind: "statuspage",
    url: "https://status.claude.com",
    category: "ai",
    components: ["claude.ai", "Claude Console (platform.claude.com)", "Claude API (api.anthropic.com)", "Claude Code"],
  },
  {
    id: "openai",
    name: "OpenAI",
    kind: "incidentio",
    url: "https://status.openai.com",
    category: "ai",
    components: ["Login", "Codex API", "Embeddings", "Realtime", "Fine-tuning", "Files", "Images"],
  },
  { id: "xai", name: "xAI (Grok)", kind: "feed", url: "https://status.x.ai/feed.xml", category: "ai" },
  { id: "mistral", name: "Mistral AI", kind: "feed", url: "https://status.mistral.ai/feed.rss", category: "ai" },
  { id: "deepseek", name: "DeepSeek", kind: "feed", url: "https://status.deepseek.com/feed.rss", category: "ai" },
  { id: "groq", name: "Groq", kind: "statuspage", url: "https://groqstatus.com", category: "ai" },
  { id: "cohere", name: "Cohere", kind: "statuspage", url: "https://status.cohere.com", category: "ai" },
  { id: "cerebras", name: "Cerebras", kind: "statuspage", url: "https://status.cerebras.ai", category: "ai" },
  { id: "huggingface", name: "Hugging Face", kind: "feed", url: "https://status.huggingface.co/feed.rss", category: "ai" },
  { id: "together", name: "Together AI", kind: "feed", url: "https://status.together.ai/feed.rss", category: "ai" },
  { id: "replicate", name: "Replicate", kind: "statuspage", url: "https://www.replicatestatus.com", category: "ai" },
  { id: "elevenlabs", name: "ElevenLabs", kind: "statuspage", url: "https://status.elevenlabs.io", category: "ai" },
  { id: "pinecone", name: "Pinecone", kind: "statuspage", url: "https://status.pinecone.io", category: "ai" },
  { id: "cursor", name: "Cursor", kind: "statuspage", url: "https://status.cursor.com", category: "ai" },
  { id: "stability", name: "Stability AI", kind: "statuspage", url: "https://status.stability.ai", category: "ai" },
  { id: "runway", name: "Runway", kind: "statuspage", url: "https://status.runwayml.com", category: "ai" },
  { id: "deepgram", name: "Deepgram", kind: "statuspage", url: "https://status.deepgram.com", category: "ai" },
  { id: "assemblyai", name: "AssemblyAI", kind: "statuspage", url: "https://status.assemblyai.com", category: "ai" },
  // Gemini on Vertex AI has no page of its own: Google Cloud's incidents, narrowed to Vertex products.
  {
    id: "vertex-ai",
    name: "Google Vertex AI (Gemini on Vertex)",
    kind: "gcp",
    url: "https://status.cloud.google.com/incidents.json",
    category: "ai",
    options: { products: ["Vertex"] },
  },

  // Clouds and CDNs
  { id: "aws", name: "Amazon Web Services", kind: "aws", url: "https://status.aws.amazon.com/rss/all.rss", category: "cloud" },
  { id: "azure", name: "Microsoft Azure", kind: "azure", url: "https://azure.status.microsoft/en-us/status/feed/", category: "cloud" },
  {
    id: "gcp",
    name: "Google Cloud",
    kind: "gcp",
    url: "https://status.cloud.google.com/incidents.json",
    category: "cloud",
    components: ["Google Compute Engine", "Google Kubernetes Engine", "Google BigQuery", "Google Cloud SQL", "Cloud Load Balancing"],
  },
  { id: "firebase", name: "Firebase", kind: "feed", url: "https://status.firebase.google.com/en/feed.atom", category: "cloud" },
  { id: "cloudflare", name: "Cloudflare", kind: "statuspage", url: "https://www.cloudflarestatus.com", category: "cdn" },
  { id: "bunny", name: "Bunny.net", kind: "statuspage", url: "https://status.bunny.net", category: "cdn" },
  {
    id: "digitalocean",
    name: "DigitalOcean",
    kind: "statuspage",
    url: "https://status.digitalocean.com",
    category: "cloud",
    // CPU Droplets: 99.99 % monthly uptime, 100 % credit for the affected Droplets below it.
    sla: {
      monthlyPercent: 99.99,
      credits: [{ below: 99.99, creditPercent: 100 }],
      components: ["Droplets"],
      source: "https://www.digitalocean.com/sla/cpu-droplets",
    },
  },
  { id: "linode", name: "Linode (Akamai Cloud)", kind: "statuspage", url: "https://status.linode.com", category: "cloud" },
  { id: "vercel", name: "Vercel", kind: "statuspage", url: "https://www.vercel-status.com", category: "cloud" },
  { id: "netlify", name: "Netlify", kind: "statuspage", url: "https://www.netlifystatus.com", category: "cloud" },
  { id: "render", name: "Render", kind: "statuspage", url: "https://status.render.com", category: "cloud" },
  { id: "flyio", name: "Fly.io", kind: "statuspage", url: "https://status.flyio.net", category: "cloud" },
  { id: "supabase", name: "Supabase", kind: "statuspage", url: "https://status.supabase.com", category: "cloud" },
  { id: "mongodb", name: "MongoDB Atlas", kind: "statuspage", url: "https://status.mongodb.com", category: "cloud" },

  // Developer platforms
  {
    id: "github",
    name: "GitHub",
    kind: "statuspage",
    url: "https://www.githubstatus.com",
    category: "devtools",
    components: ["Git Operations", "API Requests", "Actions", "Pull Requests"],
  },
  { id: "gitlab", name: "GitLab", kind: "feed", url: "https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss", category: "devtools" },
  { id: "bitbucket", name: "Bitbucket", kind: "statuspage", url: "https://bitbucket.status.atlassian.com", category: "devtools" },
  { id: "atlassian", name: "Atlassian", kind: "statuspage", url: "https://status.atlassian.com", category: "devtools" },
  { id: "npm", name: "npm", kind: "statuspage", url: "https://status.npmjs.org", category: "devtools" },
  { id: "pypi", name: "Python Infrastructure (PyPI)", kind: "statuspage", url: "https://status.python.org", category: "devtools" },
  { id: "docker", name: "Docker", kind: "feed", url: "https://www.dockerstatus.com/pages/533c6539221ae15e3f000031/rss", category: "devtools" },
  { id: "circleci", name: "CircleCI", kind: "statuspage", url: "https://status.circleci.com", category: "devtools" },
  { id: "sentry", name: "Sentry", kind: "statuspage", url: "https://status.sentry.io", category: "monitoring" },
  { id: "datadog", name: "Datadog", kind: "statuspage", url: "https://status.datadoghq.com", category: "monitoring" },
  { id: "newrelic", name: "New Relic", kind: "statuspage", url: "https://status.newrelic.com", category: "monitoring" },
  { id: "grafana", name: "Grafana Cloud", kind: "statuspage", url: "https://status.grafana.com", category: "monitoring" },

  // Communication
  { id: "slack", name: "Slack", kind: "slack", url: "https://slack-status.com/api/v2.0.0/current", category: "communication" },
  { id: "discord", name: "Discord", kind: "statuspage", url: "https://discordstatus.com", category: "communication" },
  { id: "zoom", name: "Zoom", kind: "statuspage", url: "https://status.zoom.us", category: "communication" },
  {
    id: "twilio",
    name: "Twilio",
    kind: "statuspage",
    url: "https://status.twilio.com",
    category: "communication",
    // Twilio Services APIs: 99.95 % monthly uptime, a 10 % credit below it (Enterprise Edition contracts state 99.99 %).
    sla: { monthlyPercent: 99.95, credits: [{ below: 99.95, creditPercent: 10 }], source: "https://www.twilio.com/legal/service-level-agreement" },
  },
  { id: "sendgrid", name: "SendGrid", kind: "statuspage", url: "https://status.sendgrid.com", category: "communication" },
  { id: "mailgun", name: "Mailgun", kind: "statuspage", url: "https://status.mailgun.com", category: "communication" },
  { id: "intercom", name: "Intercom", kind: "statuspage", url: "https://www.intercomstatus.com", category: "communication" },

  // Payments
  { id: "stripe", name: "Stripe", kind: "statuspage", url: "https://www.stripestatus.com", category: "payments" },
  { id: "paypal", name: "PayPal", kind: "feed", url: "https://www.paypal-status.com/feed/rss", category: "payments" },
  { id: "square", name: "Square", kind: "statuspage", url: "https://www.issquareup.com", category: "payments" },
  { id: "coinbase", name: "Coinbase", kind: "statuspage", url: "https://status.coinbase.com", category: "payments" },
  { id: "plaid", name: "Plaid", kind: "statuspage", url: "https://status.plaid.com", category: "payments" },
  { id: "shopify", name: "Shopify", kind: "statuspage", url: "https://www.shopifystatus.com", category: "payments" },

  // Productivity
  { id: "notion", name: "Notion", kind: "statuspage", url: "https://www.notion-status.com", category: "productivity" },
  { id: "dropbox", name: "Dropbox", kind: "statuspage", url: "https://status.dropbox.com", category: "productivity" },
  { id: "figma", name: "Figma", kind: "statuspage", url: "https://status.figma.com", category: "productivity" },
  { id: "asana", name: "Asana", kind: "statuspage", url: "https://status.asana.com", category: "productivity" },
];
