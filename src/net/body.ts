import type { Dispatcher } from "undici";
import { NetError, networkCode } from "./errors";

type Body = Dispatcher.ResponseData["body"];

/**
 * A response body up to `cap` bytes. Past the cap it fails with `too_large` when `failOverCap`
 * (a 2xx body the caller needs whole), else it keeps the first `cap` bytes (an error page's start).
 */
export async function readBody(body: Body, o: { cap: number; failOverCap: boolean; url: string; deadline: AbortSignal; timeoutMs: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > o.cap) {
        body.destroy();
        if (o.failOverCap) throw new NetError("too_large", `${o.url} sent more than the ${o.cap}-byte limit`);
        chunks.push(chunk.subarray(0, chunk.byteLength - (total - o.cap)));
        break;
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof NetError) throw err;
    if (o.deadline.aborted) throw new NetError("timeout", `${o.url} did not finish its body within ${o.timeoutMs} ms`);
    const code = networkCode(err);
    throw new NetError("unreachable", `${o.url}: body interrupted (${code ?? (err as Error).message})`, code);
  }
  return Buffer.concat(chunks);
}

/** Reads and drops a body we do not want, so its connection can be reused; it cannot fail the request. */
export async function discard(body: Body): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    // Nothing depends on it.
  }
}
