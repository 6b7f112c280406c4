import { Client } from "pg";

/** Everything about the public schema that a migration can get wrong, as comparable sorted text. */
export async function schemaShape(url: string): Promise<Record<string, string[]>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const rows = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(" | ")).sort();
    return {
      columns:
        await rows(`select table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, ''), coalesce(character_maximum_length::text, ''), coalesce(datetime_precision::text, '')
        from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`),
      constraints: await rows(`select cl.relname, con.conname, pg_get_constraintdef(con.oid)
        from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace
        where n.nspname = 'public' and cl.relname <> '_prisma_migrations'`),
      indexes: await rows(`select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename <> '_prisma_migrations'`),
      enums: await rows(`select t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder)
        from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname`),
    };
  } finally {
    await c.end();
  }
}
