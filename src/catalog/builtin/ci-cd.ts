import type { RawEntry } from "../entry-schema";

/** Build, test, release and infrastructure as code. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const CI_CD_PROVIDERS: RawEntry[] = [
  { id: "circleci", name: "CircleCI", kind: "statuspage", url: "https://status.circleci.com", category: "ci-cd", capabilities: ["ci"] },
  { id: "travis-ci", name: "Travis CI", kind: "statuspage", url: "https://www.traviscistatus.com", category: "ci-cd", capabilities: ["ci"] },
  { id: "buildkite", name: "Buildkite", kind: "statuspage", url: "https://www.buildkitestatus.com", category: "ci-cd", capabilities: ["ci"] },
  { id: "bitrise", name: "Bitrise", kind: "statuspage", url: "https://status.bitrise.io", category: "ci-cd", capabilities: ["ci", "mobile-ci"] },
  { id: "expo", name: "Expo (EAS)", kind: "statuspage", url: "https://status.expo.dev", category: "ci-cd", capabilities: ["mobile-ci"] },
  {
    id: "azure-devops",
    name: "Azure DevOps",
    kind: "feed",
    url: "https://status.dev.azure.com/_rss",
    category: "ci-cd",
    capabilities: ["ci", "source-hosting"],
  },
  {
    id: "jfrog",
    name: "JFrog",
    kind: "statuspage",
    url: "https://status.jfrog.io",
    category: "ci-cd",
    capabilities: ["package-registry", "container-registry"],
  },
  { id: "quay", name: "Quay.io", kind: "statuspage", url: "https://status.quay.io", category: "ci-cd", capabilities: ["container-registry"] },
  { id: "saucelabs", name: "Sauce Labs", kind: "statuspage", url: "https://status.saucelabs.com", category: "ci-cd", capabilities: ["browser-testing"] },
  {
    id: "hashicorp",
    name: "HashiCorp Cloud (Terraform)",
    kind: "incidentio",
    url: "https://status.hashicorp.com",
    category: "ci-cd",
    capabilities: ["iac", "secrets-management"],
  },
  { id: "pulumi", name: "Pulumi Cloud", kind: "statuspage", url: "https://status.pulumi.com", category: "ci-cd", capabilities: ["iac"] },
  { id: "codecov", name: "Codecov", kind: "statuspage", url: "https://status.codecov.io", category: "ci-cd", capabilities: ["code-quality"] },
  { id: "codeclimate", name: "Code Climate", kind: "statuspage", url: "https://status.codeclimate.com", category: "ci-cd", capabilities: ["code-quality"] },
  { id: "sonarcloud", name: "SonarCloud", kind: "statuspage", url: "https://sonarcloud.statuspage.io", category: "ci-cd", capabilities: ["code-quality"] },
  { id: "snyk", name: "Snyk", kind: "statuspage", url: "https://status.snyk.io", category: "ci-cd", capabilities: ["security-scanning"] },
  { id: "chef", name: "Chef (Progress)", kind: "feed", url: "https://status.chef.io/history.atom", category: "ci-cd", capabilities: ["iac"] },
];
