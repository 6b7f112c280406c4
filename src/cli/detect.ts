import { NetClient } from "../net";
import { type Detected, detectSource, type NotDetected } from "../sources/detect";
import { HttpFetcher } from "../sources/fetch/http";
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

void runCli(async (config) => {
  const url = process.argv[2];
  if (!url || process.argv.length > 3) {
    process.stderr.write("usage: npm run detect -- <status page URL>\n");
    return 2;
  }
  const net = new NetClient({ concurrency: config.http.concurrency, userAgent: config.http.userAgent });
  try {
    // The URL is typed by a user: its own origin gets the address check too (SOURCE_ALLOWLIST opens it).
    const http = new HttpFetcher({ ...config.http, retries: 0, trustPageOrigin: false }, net);
    const result = await detectSource(url, { http, allowlist: config.http.allowlist });
    const { text, code } = formatDetection(url, result);
    (code === 0 ? process.stdout : process.stderr).write(text);
    return code;
  } finally {
    await net.close();
  }
});
