import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium: the browser tests never download one (.ci/run installs it when missing). */
const CHROMIUM = "/usr/bin/chromium";

/** Where the browser tests write their screenshots (git-ignored). */
export const SHOTS = path.resolve(__dirname, "../../test-output/screenshots");

/** Fails with what to install when chromium is missing, so a skipped check never passes silently. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get update && apt-get install -y chromium); no browser is downloaded`,
    );
  }
  fs.mkdirSync(SHOTS, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
