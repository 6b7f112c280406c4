import { Client } from "pg";
import { BUILTIN_CATALOG } from "../../src/catalog/builtin";
import { validateCatalog } from "../../src/catalog/load";
import { syncCatalog } from "../../src/catalog/sync";
import type { Db } from "../../src/db/database";

/** Every table of the public schema with its row count and every row as text, in a stable order. */
export async function snapshotDatabase(url: string): Promise<Record<string, { rows: number; content: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by 1");
    const out: Record<string, { rows: number; content: string }> = {};
    for (const { name } of tables.rows) {
      const q = await client.query<{ rows: string; content: string | null }>(
        `select count(*)::text as rows, string_agg(t::text, E'\\n' order by t::text) as content from public."${name}" t`,
      );
      out[name] = { rows: Number(q.rows[0]!.rows), content: q.rows[0]!.content ?? "" };
    }
    return out;
  } finally {
    await client.end();
  }
}

/** A database in use: three providers and a Slack subscriber that must never hear from the demo. */
export async function seedInUse(prisma: Db): Promise<void> {
  await syncCatalog(prisma, validateCatalog(BUILTIN_CATALOG.slice(0, 3), 60).entries);
  await prisma.subscription.create({ data: { channel: "slack", target: "https://hooks.slack.com/services/T0/B0/real", events: [], confirmedAt: new Date() } });
}
