import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Addresses a parsed mail was sent to, as text. */
export function recipientsOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((t) => t.value.map((v) => v.address ?? t.text));
}

/** A real SMTP server on loopback that keeps every mail it accepts, parsed with mailparser. */
export async function startSmtpReceiver(opts: { port?: number; onMail?: (mail: ParsedMail) => void } = {}) {
  const mails: ParsedMail[] = [];
  // A mail server that is up but refusing for now answers 451, a temporary failure (RFC 5321).
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      if (refusing) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("try again later"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          opts.onMail?.(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to: (addr: string) => mails.filter((m) => recipientsOf(m).some((r) => r.includes(addr))),
    /** While true, every mail is refused with a temporary 451. */
    setRefusing(on: boolean) {
      refusing = on;
    },
    port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;
