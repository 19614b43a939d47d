// The mailbox's SMTP side: accepts anything from anyone on loopback (any AUTH
// or none, no TLS), consults injected faults, and hands messages to the store.
import { SMTPServer } from "smtp-server";
import type { Faults, SmtpReply } from "./faults";
import type { MessageStore } from "./store";

/** Generous, but bounds a runaway sender's memory use. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export async function listenSmtp(options: {
  host: string;
  port: number;
  store: MessageStore;
  faults: Faults;
  /** One line per received message and per error; absent, messages are not even parsed for it. */
  log?: (line: string) => void;
}): Promise<SmtpListener> {
  const { store, faults, log } = options;
  const server = new SMTPServer({
    secure: false,
    // Loopback only, so neither STARTTLS nor AUTH-over-TLS is worth a certificate.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    banner: "Solido local mailbox",
    size: MAX_MESSAGE_BYTES,
    // Shutdown should not wait 30 s for a client that holds its connection open.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      const fault = faults.forAuth();
      if (fault) return callback(smtpError(fault));
      callback(null, { user: auth.username ?? "anyone" });
    },
    onRcptTo(address, _session, callback) {
      const fault = faults.forRecipient(address.address);
      callback(fault ? smtpError(fault) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
        if (stream.sizeExceeded) {
          return callback(smtpError({ code: 552, message: `Message exceeds ${MAX_MESSAGE_BYTES} bytes` }));
        }
        const fault = faults.forMessage();
        if (fault) return callback(smtpError(fault));
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        store.add(Buffer.concat(chunks), envelope).then(
          (stored) => {
            callback(null, `Queued as ${stored.id}`);
            // Kept before the 250; read for the log line only after it, and only when someone logs.
            if (log) {
              void store.read(stored).then((message) =>
                log(`mailbox: ${message.id} from ${envelope.mailFrom ?? "<>"} to ${envelope.rcptTo.join(", ")}: ${message.subject ?? ""}`),
              );
            }
          },
          (error: unknown) => {
            log?.(`mailbox: could not store a message: ${String(error)}`);
            callback(smtpError({ code: 451, message: "Local error in processing" }));
          },
        );
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : options.port);
    });
  });
  // Once listening, errors are dropped client connections: the client's business, not a crash.
  server.on("error", (error) => log?.(`mailbox: SMTP ${String(error)}`));

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function smtpError(reply: SmtpReply) {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}
