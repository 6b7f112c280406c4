/**
 * Bytes to text the way the page meant them: a byte-order mark first (AWS serves its Health JSON as
 * UTF-16 with one), then the Content-Type charset, then an XML declaration's encoding, else UTF-8.
 * A leading BOM never reaches the parsers (JSON.parse rejects it).
 */
export function decodeBody(bytes: Uint8Array, contentType = ""): string {
  const bom = bomEncoding(bytes);
  const encoding = bom?.encoding ?? charsetOf(contentType) ?? xmlDeclaredEncoding(bytes) ?? "utf-8";
  const body = bom ? bytes.subarray(bom.length) : bytes;
  const text = decode(body, encoding === "utf-16" ? guessUtf16(body) : encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function bomEncoding(b: Uint8Array): { encoding: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  return undefined;
}

function charsetOf(contentType: string): string | undefined {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType);
  return m ? m[1]!.toLowerCase() : undefined;
}

function xmlDeclaredEncoding(b: Uint8Array): string | undefined {
  const head = Buffer.from(b.subarray(0, 100)).toString("latin1");
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}

/** UTF-16 without a BOM: ASCII text has its zero bytes first in big-endian order. */
function guessUtf16(b: Uint8Array): string {
  return b.length >= 2 && b[0] === 0 && b[1] !== 0 ? "utf-16be" : "utf-16le";
}

function decode(bytes: Uint8Array, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    // An encoding name we do not know: UTF-8 is the web's default and keeps ASCII intact.
    return new TextDecoder("utf-8").decode(bytes);
  }
}
