import fs from "node:fs";
import path from "node:path";
import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { AI_PROVIDERS } from "../../src/catalog/builtin/ai";
import { AUTH_PROVIDERS } from "../../src/catalog/builtin/auth";
import { CDN_PROVIDERS } from "../../src/catalog/builtin/cdn";
import { CI_CD_PROVIDERS } from "../../src/catalog/builtin/ci-cd";
import { CLOUD_PROVIDERS } from "../../src/catalog/builtin/cloud";
import { COMMUNICATION_PROVIDERS } from "../../src/catalog/builtin/communication";
import { DATABASE_PROVIDERS } from "../../src/catalog/builtin/database";
import { DEVTOOLS_PROVIDERS } from "../../src/catalog/builtin/devtools";
import { DNS_PROVIDERS } from "../../src/catalog/builtin/dns";
import { EMAIL_SMS_PROVIDERS } from "../../src/catalog/builtin/email-sms";
import { MONITORING_PROVIDERS } from "../../src/catalog/builtin/monitoring";
import { OTHER_PROVIDERS } from "../../src/catalog/builtin/other";
import { PAYMENTS_PROVIDERS } from "../../src/catalog/builtin/payments";
import { PRODUCTIVITY_PROVIDERS } from "../../src/catalog/builtin/productivity";
import { CAPABILITIES, isKnownCapability } from "../../src/catalog/capabilities";
import { CATEGORIES } from "../../src/catalog/entry-schema";
import { validateCatalog } from "../../src/catalog/load";

interface EvidenceRow {
  id: string;
  kind: string;
  url: string;
  evidence: string;
}

/** The rows of catalog/EVIDENCE.md's entry table (the one headed `| id | kind | url | evidence |`). */
function evidenceRows(): EvidenceRow[] {
  const text = fs.readFileSync(path.join(__dirname, "../../catalog/EVIDENCE.md"), "utf8");
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === "| id | kind | url | evidence |");
  expect(start).toBeGreaterThan(-1);
  const rows: EvidenceRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const m = /^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| (.+) \|$/.exec(line);
    expect(m).not.toBeNull();
    rows.push({ id: m![1]!, kind: m![2]!, url: m![3]!, evidence: m![4]! });
  }
  return rows;
}

const BY_FILE: Record<(typeof CATEGORIES)[number], unknown[]> = {
  ai: AI_PROVIDERS,
  cloud: CLOUD_PROVIDERS,
  cdn: CDN_PROVIDERS,
  dns: DNS_PROVIDERS,
  database: DATABASE_PROVIDERS,
  payments: PAYMENTS_PROVIDERS,
  auth: AUTH_PROVIDERS,
  "email-sms": EMAIL_SMS_PROVIDERS,
  "ci-cd": CI_CD_PROVIDERS,
  devtools: DEVTOOLS_PROVIDERS,
  monitoring: MONITORING_PROVIDERS,
  communication: COMMUNICATION_PROVIDERS,
  productivity: PRODUCTIVITY_PROVIDERS,
  other: OTHER_PROVIDERS,
};

describe("the built-in catalog of real providers (issue 13, item 5)", () => {
  it("holds at least 300 providers with unique ids", () => {
    expect(BUILTIN_CATALOG.length).toBeGreaterThanOrEqual(300);
    const ids = BUILTIN_CATALOG.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("validates with no problems: known kinds, options each kind accepts, schema-valid entries", () => {
    const catalog = validateCatalog(BUILTIN_CATALOG, 60);
    expect(catalog.problems).toEqual([]);
    expect(catalog.entries).toHaveLength(BUILTIN_CATALOG.length);
  });

  it("uses well-formed https URLs, none watched twice with the same options", () => {
    const bad = BUILTIN_CATALOG.filter((e) => {
      const u = new URL(e.url);
      return u.protocol !== "https:" || u.username !== "" || u.password !== "" || !u.hostname.includes(".") || /\s/.test(e.url) || u.hash !== "";
    });
    expect(bad.map((e) => e.id)).toEqual([]);
    // Two entries may read one document with different options (Google Cloud and Vertex AI); never the same twice.
    const keys = BUILTIN_CATALOG.map((e) => `${e.kind} ${e.url} ${JSON.stringify(e.options ?? {})}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("has providers in every category, each in its category's file", () => {
    for (const category of CATEGORIES) {
      const inFile = BY_FILE[category] as typeof BUILTIN_CATALOG;
      expect(inFile.length).toBeGreaterThan(0);
      expect(inFile.filter((e) => e.category !== category).map((e) => e.id)).toEqual([]);
    }
    expect(Object.values(BY_FILE).reduce((n, list) => n + list.length, 0)).toBe(BUILTIN_CATALOG.length);
  });

  it("gives every provider at least one capability from the documented vocabulary", () => {
    const without = BUILTIN_CATALOG.filter((e) => !e.capabilities?.length).map((e) => e.id);
    expect(without).toEqual([]);
    const unknown = BUILTIN_CATALOG.flatMap((e) => (e.capabilities ?? []).filter((c) => !isKnownCapability(c)).map((c) => `${e.id}: ${c}`));
    expect(unknown).toEqual([]);
    expect(isKnownCapability("toString")).toBe(false);
    for (const description of Object.values(CAPABILITIES)) expect(description.length).toBeGreaterThan(5);
  });

  it("lets providers that replace each other share a capability (the failover answer groups by it)", () => {
    const holders = (capability: string) => BUILTIN_CATALOG.filter((e) => e.capabilities?.includes(capability)).map((e) => e.id);
    expect(holders("llm-api")).toEqual(expect.arrayContaining(["anthropic", "openai", "mistral", "cohere", "groq"]));
    expect(holders("email-delivery")).toEqual(expect.arrayContaining(["sendgrid", "mailgun", "resend"]));
    expect(holders("cdn")).toEqual(expect.arrayContaining(["cloudflare", "akamai", "fastly", "bunny"]));
  });

  it("has one row in catalog/EVIDENCE.md per entry, naming the same kind and URL, and no row for anything else", () => {
    const rows = evidenceRows();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(byId.size);
    const catalogIds = new Set(BUILTIN_CATALOG.map((e) => e.id));
    expect(BUILTIN_CATALOG.filter((e) => !byId.has(e.id)).map((e) => e.id)).toEqual([]);
    expect(rows.filter((r) => !catalogIds.has(r.id)).map((r) => r.id)).toEqual([]);
    const mismatched = BUILTIN_CATALOG.filter((e) => byId.get(e.id)!.kind !== e.kind || byId.get(e.id)!.url !== e.url).map((e) => e.id);
    expect(mismatched).toEqual([]);
    // Evidence names a place: a repository path at a commit, a stored index file, or a recorded sample.
    const vague = rows.filter((r) => !/@[0-9a-f]{7}|index file \d+|\/work\/shared\/samples\//.test(r.evidence)).map((r) => r.id);
    expect(vague).toEqual([]);
  });

  it("states an https source for every published SLA, with credit tiers at or below the commitment", () => {
    const withSla = BUILTIN_CATALOG.filter((e) => e.sla);
    expect(withSla.length).toBeGreaterThan(0);
    for (const e of withSla) {
      expect(e.sla!.source).toMatch(/^https:\/\/[^\s]+\.[a-z]{2,}\//);
      for (const tier of e.sla!.credits) expect(tier.below).toBeLessThanOrEqual(e.sla!.monthlyPercent);
    }
  });
});
