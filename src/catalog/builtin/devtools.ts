import type { RawEntry } from "../entry-schema";

/** Source hosting, package registries and developer platforms. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const DEVTOOLS_PROVIDERS: RawEntry[] = [
  { id: "github", name: "GitHub", kind: "statuspage", url: "https://www.githubstatus.com", category: "devtools", components: ["Git Operations", "API Requests", "Actions", "Pull Requests"], capabilities: ["source-hosting", "ci", "package-registry"] },
  { id: "gitlab", name: "GitLab", kind: "feed", url: "https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss", category: "devtools", capabilities: ["source-hosting", "ci"] },
  { id: "bitbucket", name: "Bitbucket", kind: "statuspage", url: "https://bitbucket.status.atlassian.com", category: "devtools", capabilities: ["source-hosting", "ci"] },
  { id: "atlassian", name: "Atlassian", kind: "statuspage", url: "https://status.atlassian.com", category: "devtools", capabilities: ["project-management", "docs"] },
  { id: "npm", name: "npm", kind: "statuspage", url: "https://status.npmjs.org", category: "devtools", capabilities: ["package-registry"] },
  { id: "pypi", name: "Python Infrastructure (PyPI)", kind: "statuspage", url: "https://status.python.org", category: "devtools", capabilities: ["package-registry"] },
  { id: "docker", name: "Docker", kind: "feed", url: "https://www.dockerstatus.com/pages/533c6539221ae15e3f000031/rss", category: "devtools", capabilities: ["container-registry"] },
  { id: "rubygems", name: "RubyGems.org", kind: "statuspage", url: "https://status.rubygems.org", category: "devtools", capabilities: ["package-registry"] },
  { id: "maven-central", name: "Maven Central", kind: "statuspage", url: "https://status.maven.org", category: "devtools", capabilities: ["package-registry"] },
  { id: "clojars", name: "Clojars", kind: "statuspage", url: "https://clojars.statuspage.io", category: "devtools", capabilities: ["package-registry"] },
  { id: "launchpad", name: "Launchpad", kind: "statuspage", url: "https://launchpad.statuspage.io", category: "devtools", capabilities: ["source-hosting", "package-registry"] },
  { id: "eclipse", name: "Eclipse Foundation services", kind: "statuspage", url: "https://www.eclipsestatus.io", category: "devtools", capabilities: ["package-registry", "source-hosting"] },
  { id: "postman", name: "Postman", kind: "statuspage", url: "https://status.postman.com", category: "devtools", capabilities: ["api-platform"] },
  { id: "kong", name: "Kong Konnect", kind: "statuspage", url: "https://status.konghq.com", category: "devtools", capabilities: ["api-gateway"] },
  { id: "tyk", name: "Tyk Cloud", kind: "statuspage", url: "https://status.tyk.io", category: "devtools", capabilities: ["api-gateway"] },
  { id: "launchdarkly", name: "LaunchDarkly", kind: "statuspage", url: "https://status.launchdarkly.com", category: "devtools", capabilities: ["feature-flags"] },
  { id: "split", name: "Split", kind: "feed", url: "https://status.split.io/history.atom", category: "devtools", capabilities: ["feature-flags"] },
  { id: "optimizely", name: "Optimizely", kind: "statuspage", url: "https://status.optimizely.com", category: "devtools", capabilities: ["feature-flags"] },
  { id: "gitpod", name: "Gitpod", kind: "statuspage", url: "https://www.gitpodstatus.com", category: "devtools", capabilities: ["dev-environment"] },
  { id: "retool", name: "Retool", kind: "statuspage", url: "https://status.retool.com", category: "devtools", capabilities: ["internal-tools"] },
  { id: "apify", name: "Apify", kind: "statuspage", url: "https://status.apify.com", category: "devtools", capabilities: ["web-scraping"] },
  { id: "unity", name: "Unity Cloud services", kind: "statuspage", url: "https://status.unity.com", category: "devtools", capabilities: ["game-backend"] },
  { id: "home-assistant", name: "Home Assistant Cloud", kind: "statuspage", url: "https://status.home-assistant.io", category: "devtools", capabilities: ["iot-platform"] },
  { id: "stoplight", name: "Stoplight", kind: "statuspage", url: "https://status.stoplight.io", category: "devtools", capabilities: ["api-platform"] },
];
