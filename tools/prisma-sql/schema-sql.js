#!/usr/bin/env node
// Prints the SQL that builds a schema.prisma from nothing, or from another schema.prisma:
//   node tools/prisma-sql/schema-sql.js <to-schema> [<from-schema>]   (SQL_TARGET_URL = any reachable Postgres)
// Used to write new migrations and by the test proving migrations and schema.prisma agree.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

function withUrl(schemaPath, dir, name) {
  // Prisma 6 wants `url` in the datasource block; Prisma 7 forbids it there, so add it to a copy.
  const text = fs.readFileSync(schemaPath, "utf8").replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"postgresql")/, '$1\n  url = env("SQL_TARGET_URL")');
  const out = path.join(dir, name);
  fs.writeFileSync(out, text);
  return out;
}

const [to, from] = process.argv.slice(2);
if (!to || !process.env.SQL_TARGET_URL) {
  process.stderr.write("usage: SQL_TARGET_URL=postgresql://… node tools/prisma-sql/schema-sql.js <to-schema.prisma> [<from-schema.prisma>]\n");
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prisma-sql-"));
const stub = path.join(dir, "engine-stub");
fs.writeFileSync(stub, "", { mode: 0o755 });
const args = [
  "migrate",
  "diff",
  from ? "--from-schema-datamodel" : "--from-empty",
  ...(from ? [withUrl(from, dir, "from.prisma")] : []),
  "--to-schema-datamodel",
  withUrl(to, dir, "to.prisma"),
  "--script",
];
try {
  const sql = execFileSync(process.execPath, [path.join(__dirname, "node_modules", "prisma", "build", "index.js"), ...args], {
    cwd: __dirname,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_QUERY_ENGINE_LIBRARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  process.stdout.write(sql);
} catch (err) {
  process.stderr.write(String(err.stderr || err.message));
  process.exit(1);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
