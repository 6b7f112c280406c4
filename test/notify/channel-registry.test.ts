import fs from "node:fs";
import path from "node:path";
import { CHANNEL_NAMES } from "../../src/notify/channels";

const SRC = path.resolve(__dirname, "../../src");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : files(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

describe("channels are plug-ins", () => {
  it("no code outside a channel's own file branches on a channel name", () => {
    const channelDir = path.join(SRC, "notify", "channels") + path.sep;
    const names = CHANNEL_NAMES.join("|");
    const branching = new RegExp(`(===|!==|==|!=|case)\\s*["'\`](${names})["'\`]|["'\`](${names})["'\`]\\s*(===|!==|==|!=)|channel\\s*<>\\s*'`);
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(channelDir))
      .flatMap((f) =>
        fs
          .readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${path.relative(SRC, f)}:${i + 1}`, line }))
          .filter(({ line }) => branching.test(line)),
      );
    expect(offenders).toEqual([]);
  });

  it("no channel reaches the network but through the guarded ctx.fetch (or the operator's mailer)", () => {
    const channelDir = path.join(SRC, "notify", "channels");
    const escapes = fs
      .readdirSync(channelDir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(channelDir, f), "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) =>
            /(?<!ctx\.)\bfetch\(|from "(node:)?(http|https|net|tls|dgram)"|from "(undici|axios|got|node-fetch|@slack\/webhook)"|\bXMLHttpRequest\b/.test(line),
          ),
      );
    expect(escapes).toEqual([]);
  });
});
