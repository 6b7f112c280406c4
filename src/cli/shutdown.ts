import type { Server } from "node:http";

/** Whether `work` settled within `ms`; it is not cancelled either way. */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return result;
}

/** Stops accepting connections, lets requests in flight finish for up to `ms`, then cuts the rest. */
export async function closeServer(server: Server, ms: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (!(await within(closed, ms))) server.closeAllConnections();
  await closed;
}
