import type { Config } from "../config";
import { openDatabase } from "../db/database";
import type { Logger } from "../logger";
import { NetClient } from "../net";
import { allowlistPrefix } from "../net/allowlist";
import { type Detected, detectSource, normalizePageUrl, type NotDetected } from "../sources/detect";
import { HttpFetcher } from "../sources/fetch/http";
import { type WatchedProvider, watchedLines } from "./detect-watched";
import { runCli } from "./run";

/** The report `npm run detect -- <url>` prints; pure so it can be tested without a process. */
export function formatDetection(url: string, result: Detected | NotDetected): { text: string; code: number } {
  const lines: string[] = [];
  if (result.ok) {
    const s = result.snapshot;
    lines.push(`kind: ${result.kind}`, `url: ${result.url}`);
    if (Object.keys(result.options).length) lines.push(`options: ${JSON.stringify(result.options)}`);
    lines.push(`evidence: ${result.evidence}`);
    lines.push(
      `snapshot: status ${s.status ?? "not stated"}, ${s.components.length} components, ${s.incidents.length} incidents (${s.incidents.filter((i) => i.status !== "resolved" && i.status !== "postmortem").length} open), ${s.maintenances.length} maintenances`,
    );
    if (s.skipped?.length) lines.push(`left out: ${s.skipped.length} item(s): ${s.skipped.slice(0, 3).join("; ")}`);
    return { text: `${lines.join("\n")}\n`, code: 0 };
  }
  lines.push(result.refused ? `refused: ${url}: ${result.refused}` : `no known kind fits ${url}; tried:`);
  for (const t of result.tried) lines.push(`  ${t.kind.padEnd(11)} ${t.url}  ${t.outcome}`);
  return { text: `${lines.join("\n")}\n`, code: 1 };
}

void runCli(async (config, log) => {
  const arg = process.argv[2];
  if (!arg || process.argv.length > 3) {
    process.stderr.write("usage: npm run detect -- <status page URL | watched provider id>\n");
    return 2;
  }
  const net = new NetClient({ concurrency: config.http.concurrency, userAgent: config.http.userAgent, nat64Allowlist: config.http.nat64Allowlist });
  try {
    // A provider id, or (with a database configured) the URL of a watched page: its current kind beside the one that fits now.
    const byId = !arg.includes("://");
    // A URL is still detected when the database cannot be read; an id needs it.
    const watched = byId ? await findWatched(config, log, arg) : config.databaseUrl ? await findWatched(config, log, arg).catch(() => undefined) : undefined;
    if (byId && !watched) {
      process.stderr.write(`no watched provider has the id ${arg}\n`);
      return 1;
    }
    const url = watched?.url ?? arg;
    // A typed URL gets the address check on its own origin too (SOURCE_ALLOWLIST opens it); a watched page's origin is the operator's.
    const own = watched ? ownPrefix(watched.url) : undefined;
    const allowlist = [...config.http.allowlist, ...(own ? [own] : [])];
    const http = new HttpFetcher({ ...config.http, retries: 0, trustPageOrigin: false, allowlist }, net);
    const result = await detectSource(url, { http, allowlist });
    const { text, code } = formatDetection(url, result);
    if (watched) process.stdout.write(`${watchedLines(watched, result).join("\n")}\n`);
    (code === 0 ? process.stdout : process.stderr).write(text);
    return code;
  } finally {
    await net.close();
  }
});

async function findWatched(config: Config, log: Logger, arg: string): Promise<WatchedProvider | undefined> {
  const db = await openDatabase(config, log, { migrate: false });
  try {
    const select = { id: true, name: true, kind: true, url: true, formatGoodComponents: true, formatChangedSince: true, formatChange: true } as const;
    if (!arg.includes("://")) return (await db.prisma.provider.findUnique({ where: { id: arg }, select })) ?? undefined;
    const page = normalizePageUrl(arg);
    if (!page) return undefined;
    return (await db.prisma.provider.findFirst({ where: { url: { in: [page, `${page}/`] } }, orderBy: { id: "asc" }, select })) ?? undefined;
  } finally {
    await db.close();
  }
}

function ownPrefix(url: string): string | undefined {
  try {
    return allowlistPrefix(new URL(url).origin);
  } catch {
    return undefined;
  }
}
