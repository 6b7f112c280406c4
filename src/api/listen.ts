import http, { type RequestListener, type Server } from "node:http";
import net from "node:net";
import { ConfigError } from "../config";
import { within } from "../util/within";

/** Why PORT/HOST cannot be listened on, in words that say what to do. */
export class ListenError extends ConfigError {
  override name = "ListenError";
}

function explain(err: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (err.code) {
    case "EADDRINUSE":
      return new ListenError(`port ${port} is already in use (PORT); stop the other statuswatch or set PORT`);
    case "EACCES":
      return new ListenError(`port ${port} needs privileges this process does not have (PORT); set PORT above 1023`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new ListenError(`${host} is not an address of this machine (HOST); set HOST, e.g. 0.0.0.0`);
    default:
      return err;
  }
}

/**
 * Fails fast, before a database is opened or Postgres started, when the port is taken. Port 0
 * (any free port) cannot be taken.
 */
export async function assertCanListen(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (err: NodeJS.ErrnoException) => reject(explain(err, port, host)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** An HTTP server on port/host, or a ListenError naming the variable to change. */
export function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(explain(err, port, host)));
    server.listen(port, host, () => resolve(server));
  });
}

/** Stops accepting connections, lets requests in flight finish for up to `ms`, then cuts the rest. */
export async function closeServer(server: Server, ms: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (!(await within(closed, ms))) server.closeAllConnections();
  await closed;
}
