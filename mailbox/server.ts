// The local stand-in for an email provider (like MailHog): a real SMTP server
// that keeps what it receives, and a web page and JSON API to read it.
import { Faults } from "./faults";
import { listenHttp, mailboxApp } from "./http";
import type { FaultRule } from "./message";
import type { ReceivedMessage } from "./parse";
import { listenSmtp } from "./smtp";
import { MessageStore } from "./store";

export type { ReceivedMessage } from "./parse";
export type { ActiveFault, FaultRule, MailboxAddress, MailboxMessage } from "./message";

/** Where the standalone mailbox keeps messages between restarts. */
export const DEFAULT_STORAGE_DIR = ".data/mailbox";

export interface MailboxOptions {
  /** Both servers listen here only; default 127.0.0.1. */
  host?: string;
  /** Default: MAILBOX_SMTP_PORT, else 2525. 0 picks a free port. */
  smtpPort?: number;
  /** Default: MAILBOX_HTTP_PORT, else 8025. 0 picks a free port. */
  httpPort?: number;
  /** Keep messages as .eml files here and reload them at start; default null (memory only). */
  storageDir?: string | null;
  /** Oldest messages are dropped beyond this; default 2,000. */
  maxMessages?: number;
  /** Faults active from the start. */
  faults?: FaultRule[];
  /** One line per received message and per SMTP error; default silent. */
  log?: (line: string) => void;
}

export interface Mailbox {
  smtpPort: number;
  httpPort: number;
  /** The web page and JSON API, e.g. http://127.0.0.1:8025 */
  url: string;
  /** What to give a mail client, e.g. smtp://127.0.0.1:2525 */
  smtpUrl: string;
  /** Newest first; `to` keeps messages delivered to that address. Parsed on first read. */
  messages(filter?: { to?: string }): Promise<ReceivedMessage[]>;
  clear(): Promise<void>;
  faults: Faults;
  close(): Promise<void>;
}

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const smtpPort = options.smtpPort ?? portFromEnv("MAILBOX_SMTP_PORT", 2525);
  const httpPort = options.httpPort ?? portFromEnv("MAILBOX_HTTP_PORT", 8025);

  const store = await MessageStore.open({
    storageDir: options.storageDir ?? null,
    maxMessages: options.maxMessages ?? 2_000,
    log,
  });
  const faults = new Faults();
  for (const rule of options.faults ?? []) faults.add(rule);

  const smtp = await listenSmtp({ host, port: smtpPort, store, faults, log: options.log }).catch((error: unknown) => {
    throw explainListenError(error, "SMTP", "MAILBOX_SMTP_PORT");
  });
  const smtpUrl = `smtp://${host}:${smtp.port}`;
  const http = await listenHttp({
    host,
    port: httpPort,
    app: mailboxApp({ store, faults, smtpAddress: `${host}:${smtp.port}` }),
  }).catch(async (error: unknown) => {
    await smtp.close();
    throw explainListenError(error, "HTTP", "MAILBOX_HTTP_PORT");
  });

  return {
    smtpPort: smtp.port,
    httpPort: http.port,
    url: `http://${host}:${http.port}`,
    smtpUrl,
    messages: (filter) => store.list(filter),
    clear: () => store.clear(),
    faults,
    close: async () => {
      await Promise.all([smtp.close(), http.close()]);
    },
  };
}

function portFromEnv(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${variable} must be a port number (0–65535), got "${value}"`);
  }
  return port;
}

function explainListenError(error: unknown, what: string, variable: string) {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    return new Error(`The mailbox's ${what} port is in use (is another mailbox running?); set ${variable} to choose another`, {
      cause: error,
    });
  }
  return error;
}
