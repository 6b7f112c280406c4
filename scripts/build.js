#!/usr/bin/env node
// `npm run build` (run by `npm start` first): src/ and jobs/ to CommonJS under dist/, so production
// runs plain node instead of a transpiler (less memory, faster start). Each file is transpiled on
// its own (the project sets isolatedModules), only when its source is newer than its output; type
// checking is `npm run typecheck`'s job. The Prisma client in src/generated is compiled with the rest.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist");
// Loaded only when something is stale, so an up-to-date build costs next to nothing.
let ts;
const compilerOptions = () => ({
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  isolatedModules: true,
  resolveJsonModule: true,
});

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) yield full;
  }
}

const started = Date.now();
let built = 0;
const expected = new Set();
for (const top of ["src", "jobs"]) {
  for (const file of sources(path.join(root, top))) {
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, ".js");
    expected.add(target);
    const stale = !fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(file).mtimeMs;
    if (!stale) continue;
    ts ??= require("typescript");
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      compilerOptions: compilerOptions(),
      fileName: file,
      reportDiagnostics: true,
    });
    if (diagnostics?.length) {
      const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" });
      process.stderr.write(text);
      process.exit(1);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
    built++;
  }
}
// A source that was deleted or renamed must not keep running from an old output.
let removed = 0;
for (const top of ["src", "jobs"]) {
  const dir = path.join(out, top);
  if (!fs.existsSync(dir)) continue;
  for (const file of fs.readdirSync(dir, { recursive: true })) {
    const full = path.join(dir, file);
    if (full.endsWith(".js") && !expected.has(full)) {
      fs.rmSync(full);
      removed++;
    }
  }
}
if (built || removed || process.argv.includes("--verbose")) {
  process.stderr.write(`build: ${built} file(s) compiled, ${removed} removed, into dist/ in ${Date.now() - started} ms\n`);
}
