import pino, { type Logger } from "pino";

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear under these keys. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "statuswatch" },
      redact: {
        paths: [
          "apiKey",
          "*.apiKey",
          "password",
          "*.password",
          "smtpUrl",
          "*.smtpUrl",
          "databaseUrl",
          "*.databaseUrl",
          "target",
          "*.target",
          "authorization",
          "*.authorization",
          "req.headers.authorization",
        ],
        censor: "[redacted]",
      },
    },
    destination ?? pino.destination(2),
  );
}
