import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { createPrisma, type Db } from "../../src/db/database";

export interface TestDatabase {
  url: string;
  prisma: Db;
  drop(): Promise<void>;
}

function admin(): string {
  const url = process.env.STATUSWATCH_TEST_ADMIN_URL;
  if (!url) throw new Error("test Postgres not started: run tests through jest (globalSetup)");
  return url;
}

/** A fresh database cloned from the migrated template, private to the calling test file. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new Client({ connectionString: admin() });
  await client.connect();
  try {
    await client.query(`create database ${name} template ${process.env.STATUSWATCH_TEST_TEMPLATE}`);
  } finally {
    await client.end();
  }
  const url = admin().replace(/\/postgres$/, `/${name}`);
  const prisma = createPrisma(url, 5);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      const c = new Client({ connectionString: admin() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}

/** An empty database with nothing applied, for migration tests. */
export async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `e_${randomBytes(6).toString("hex")}`;
  const client = new Client({ connectionString: admin() });
  await client.connect();
  await client.query(`create database ${name}`).finally(() => client.end());
  return {
    url: admin().replace(/\/postgres$/, `/${name}`),
    async drop() {
      const c = new Client({ connectionString: admin() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}
