import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { loadCatalog, validateCatalog } from "../../src/catalog/load";
import { syncCatalog } from "../../src/catalog/sync";
import { freshDatabase, type TestDatabase } from "../support/db";

const base = { id: "do", name: "DO", kind: "statuspage", url: "https://status.do.test" };
const terms = { monthlyPercent: 99.5, credits: [{ below: 99.5, creditPercent: 15 }], components: ["Droplets"], source: "https://contracts.example.com/do" };

describe("SLA terms in catalog entries", () => {
  it("built-in SLAs name an https source and state tiers below the commitment", () => {
    const withSla = BUILTIN_CATALOG.filter((e) => e.sla);
    expect(withSla.map((e) => e.id).sort()).toEqual(["aws", "digitalocean", "mongodb", "neon", "sendgrid", "supabase", "twilio", "upstash"]);
    for (const e of withSla) {
      expect(e.sla!.source).toMatch(/^https:\/\//);
      for (const t of e.sla!.credits) expect(t.below).toBeLessThanOrEqual(e.sla!.monthlyPercent);
    }
  });

  it("reports a malformed SLA by entry and field, keeping the good entries", () => {
    const catalog = validateCatalog(
      [
        { ...base, sla: terms },
        { ...base, id: "nosrc", sla: { monthlyPercent: 99.9, credits: [] } },
        { ...base, id: "pct", sla: { ...terms, monthlyPercent: 101 } },
        { ...base, id: "http", sla: { ...terms, source: "http://insecure.test" } },
        { ...base, id: "extra", sla: { ...terms, surprise: true } },
        { ...base, id: "tier", sla: { ...terms, credits: [{ below: 99, credit: 10 }] } },
      ],
      60,
    );
    expect(catalog.entries.map((e) => e.id)).toEqual(["do"]);
    expect(catalog.entries[0]!.sla).toEqual(terms);
    expect([...new Set(catalog.problems.map((p) => p.entry))]).toEqual(["nosrc", "pct", "http", "extra", "tier"]);
    expect(catalog.problems.every((p) => p.field.startsWith("sla"))).toBe(true);
  });

  describe("stored by catalog sync", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await freshDatabase();
    });
    afterAll(async () => {
      await db.drop();
    });

    it("a PROVIDERS_FILE entry's terms replace the built-in ones, and dropping them clears the row", async () => {
      const builtin = loadCatalog(undefined, 60).entries.find((e) => e.id === "digitalocean")!;
      expect(builtin.sla?.monthlyPercent).toBe(99.99);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-"));
      const file = path.join(dir, "providers.json");
      fs.writeFileSync(
        file,
        JSON.stringify([{ id: "digitalocean", name: "DigitalOcean", kind: "statuspage", url: "https://status.digitalocean.com", sla: terms }]),
      );
      await syncCatalog(db.prisma, [builtin]);
      expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "digitalocean" } })).sla).toEqual(builtin.sla);
      await syncCatalog(db.prisma, loadCatalog(file, 60).entries);
      expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "digitalocean" } })).sla).toEqual(terms);
      await syncCatalog(db.prisma, [{ ...builtin, sla: undefined }]);
      expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "digitalocean" } })).sla).toBeNull();
      fs.rmSync(dir, { recursive: true });
    });
  });
});
