// The one way Solido sends email: render a react-email element to HTML and
// plain text once, send it over one SMTP transport per environment, and report
// expected failures (bounces, a server that is down) as a result, not a throw.
import { unstableToPlainText } from "@react-email/render";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import shared from "nodemailer/lib/shared/index.js";
import SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import DataStream from "nodemailer/lib/smtp-connection/data-stream.js";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { env } from "./env.server";

export type EmailTransport = nodemailer.Transporter<SMTPTransport.SentMessageInfo>;

/** A bare address, or a display name and address kept apart so the name is encoded, never parsed. */
export type EmailAddress = string | { name?: string; address: string };

export interface OutgoingEmail {
  /** Defaults to EMAIL_FROM. */
  from?: EmailAddress;
  to: EmailAddress | EmailAddress[];
  cc?: EmailAddress | EmailAddress[];
  replyTo?: EmailAddress | EmailAddress[];
  /** Blind copies: in the SMTP envelope only, never in the headers. An address sendEmail would not take is left out, not refused (it is not the recipient's). */
  bcc?: string[];
  /** Files attached after the HTML and text (an invoice's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  subject: string;
  html: string;
  text: string;
  /** Deterministic, e.g. `<reminder-42@solido.app>`, so a retried send can be recognised. */
  messageId: string;
  date?: Date;
  /** Extra headers such as List-Unsubscribe; the ones sendEmail sets itself are refused. */
  headers?: Record<string, string>;
}

export type SendOptions = {
  /**
   * Called when the whole message but its final "." has gone to the server
   * (which accepts nothing before that dot). The dot waits for the answer:
   * true sends it; false, or a rejection (a database that went away), withholds
   * it for good, and the connection is dropped so the server discards the
   * unfinished message. Lets a caller commit its own record of the hand-over,
   * or find it may no longer send, before the server can hold the message.
   */
  onHandover?: () => Promise<boolean>;
};

export type SendEmailResult =
  | { ok: true; messageId: string; accepted: string[]; rejected: string[]; response: string }
  | SendEmailFailure;

/**
 * kind — permanent: sending it again will fail the same way (a 5xx, an invalid
 * address); temporary: try again later (a 4xx, a server that is down or slow).
 *
 * blame — whose problem it is:
 * - recipient: the address itself is refused (a RCPT-stage 550/551/553, an
 *   enhanced status 5.1.x, or an address Solido cannot send to): the customer's
 *   address needs fixing;
 * - sender: the mail server refused Solido, not the address (a relay or policy
 *   refusal such as 554 5.7.1, a 4xx, a server that is down): nothing about the
 *   customer's address is learnt;
 * - credentials: the mail server refused Solido's sign-in (EAUTH): an operator
 *   must fix SMTP_URL; retrying before then only repeats the refusal;
 * - withheld: the caller's onHandover withheld the final dot; nothing was delivered.
 */
export type SendEmailFailure = {
  ok: false;
  kind: "permanent" | "temporary";
  blame: "recipient" | "sender" | "credentials" | "withheld";
  code?: number;
  message: string;
};

export interface RenderedEmail {
  html: string;
  text: string;
}

/** The doctype react-email gives its documents (mail clients render them in standards mode). */
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * Renders once: the plain text is derived from the HTML rather than rendering the element again.
 *
 * Sending in bulk, this is most of an email's cost, so it takes the quick road
 * to the same result: React's synchronous static renderer (the templates are
 * synchronous; react-email's `render` streams and marks every text boundary
 * with `<!-- -->`), and react-email's own direct HTML-to-text converter
 * instead of html-to-text (about 15× quicker; tests/reminders/compose.test.ts checks the
 * two agree on every template Solido sends).
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = `${DOCTYPE}${renderToStaticMarkup(element)}`;
  return { html, text: unstableToPlainText(html) };
}

/**
 * An SMTP transport for `smtp://` or `smtps://user:pass@host:port` (query
 * options such as `?maxConnections=10` pass through; `?pool=false` opens a
 * connection per message).
 *
 * Pooled by default: a few connections kept open and reused, so a message
 * costs its SMTP commands, not a TCP (and TLS) handshake and a greeting each.
 * A message whose connection drops mid-send is never re-queued by the pool
 * (`maxRequeues: 0`): the server may already hold it, and only the caller's
 * own hand-over record can say whether sending again is safe.
 */
export function createEmailTransport(smtpUrl: string): EmailTransport {
  return nodemailer.createTransport({
    pool: true,
    maxRequeues: 0,
    // nodemailer's defaults wait minutes; a reminder job would rather retry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    ...shared.parseConnectionUrl(smtpUrl),
  } as SMTPTransport.Options);
}

const globalForEmail = globalThis as unknown as { __solidoEmailTransport?: { url: string; transport: EmailTransport } };

/** The process's transport to SMTP_URL, kept across dev rebuilds. */
export function defaultEmailTransport(): EmailTransport {
  const url = env().SMTP_URL;
  const cached = globalForEmail.__solidoEmailTransport;
  if (cached?.url === url) return cached.transport;
  cached?.transport.close();
  const transport = createEmailTransport(url);
  globalForEmail.__solidoEmailTransport = { url, transport };
  return transport;
}

/**
 * The HTML part, base64 rather than nodemailer's usual quoted-printable. The part
 * is several kilobytes of long lines with react-email's preview padding (hundreds
 * of zero-width characters, each 9 bytes as `=E2=80=8C`), and nodemailer
 * quoted-prints byte by byte in JavaScript: about 1.2 ms an email, where base64
 * is Node's native encoder, and the message comes out smaller (13 KB, not 15).
 * The decoded HTML, padding included, is the same, so inbox previews are too; the
 * part says `charset=utf-8`, which SpamAssassin's MIME_BASE64_TEXT (ASCII text
 * disguised as base64) leaves alone. The plain text part is left to nodemailer
 * (short, usually 7bit).
 */
function htmlPart(html: string): Mail.Attachment {
  return { content: html, contentTransferEncoding: "base64" };
}

export async function sendEmail(
  email: OutgoingEmail,
  transport: EmailTransport = defaultEmailTransport(),
  options: SendOptions = {},
): Promise<SendEmailResult> {
  const messageId = normaliseMessageId(email.messageId);
  const headers = checkedHeaders(email.headers ?? {});

  let from: Mail.Address;
  let to: Mail.Address[];
  let cc: Mail.Address[];
  let replyTo: Mail.Address[];
  try {
    from = safeAddress(email.from ?? defaultFrom());
    to = safeAddresses(email.to);
    cc = safeAddresses(email.cc);
    replyTo = safeAddresses(email.replyTo);
  } catch (error) {
    // Contact emails come from Xero and may be junk; that is a bounce, not a bug.
    if (error instanceof InvalidAddressError) return { ok: false, kind: "permanent", blame: "recipient", message: error.message };
    throw error;
  }
  if (to.length === 0) return { ok: false, kind: "permanent", blame: "recipient", message: "No recipient address" };

  let withheld = false;
  if (options.onHandover) {
    const onHandover = options.onHandover;
    atFinalDot.set(messageId, async () => {
      withheld = true;
      const go = await onHandover();
      withheld = !go;
      return go;
    });
  }
  try {
    const info = await transport.sendMail({
      from,
      to,
      cc: cc.length ? cc : undefined,
      replyTo: replyTo.length ? replyTo : undefined,
      bcc: email.bcc?.filter(isValidEmailAddress).map((address) => address.trim()),
      subject: withoutControlCharacters(email.subject),
      html: htmlPart(email.html),
      text: email.text,
      attachments: email.attachments?.map(({ filename, content, contentType }) => ({ filename: withoutControlCharacters(filename), content, contentType })),
      messageId,
      date: email.date,
      headers,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return {
      ok: true,
      messageId,
      accepted: info.accepted.map(addressOf),
      rejected: info.rejected.map(addressOf),
      response: info.response,
    };
  } catch (error) {
    if (withheld) return { ok: false, kind: "temporary", blame: "withheld", message: "Withheld before the final dot: the sender may no longer send it" };
    return classifyFailure(error);
  } finally {
    atFinalDot.delete(messageId);
  }
}

/**
 * Hand-over callbacks by Message-ID, called by nodemailer's SMTP data stream
 * before it writes the message's final dot (see watchForFinalDots).
 */
const atFinalDot = new Map<string, () => Promise<boolean>>();

type WatchedDataStream = DataStream & {
  solidoHead?: string;
  solidoMessageId?: string | null;
  /** Drops the connection the stream writes to, so the server discards the message it has not seen the end of. */
  solidoAbort?: (error: Error) => void;
};

/**
 * The server accepts a message only on its final "."; nodemailer's DataStream
 * writes that dot when the message has passed through it. Its flush is wrapped
 * to run the message's hand-over callback (found by the Message-ID in the
 * headers that lead the message) and push the dot only once the callback says
 * so; when it says no, or fails, the dot is never written and the connection is
 * dropped (the server discards a message cut off before its dot). (Holding back
 * the end of the message stream instead cannot tell where the dot is:
 * nodemailer reads ahead up to ~64 KB before DATA and starts a multipart
 * message's closing boundary with setImmediate.)
 *
 * Each data stream nodemailer creates gets an error listener: an error inside
 * it (before this wrapping, a hand-over record on a dead database connection)
 * drops the connection, failing that one send, instead of crashing the process
 * as an unhandled stream error.
 */
function watchForFinalDots() {
  const prototype = DataStream.prototype as unknown as {
    _transform: (this: WatchedDataStream, chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void) => void;
    _flush: (this: WatchedDataStream, done: (error?: Error | null) => void) => void;
    solidoWatched?: boolean;
  };
  if (prototype.solidoWatched) return;
  prototype.solidoWatched = true;
  const transform = prototype._transform;
  const flush = prototype._flush;
  prototype._transform = function (chunk, encoding, done) {
    if (this.solidoMessageId === undefined) {
      this.solidoHead = ((this.solidoHead ?? "") + chunk.toString("latin1")).slice(0, 65_536);
      const found = /^Message-ID:[ \t]*(<[^>\r\n]+>)/im.exec(this.solidoHead);
      if (found) this.solidoMessageId = found[1];
      else if (/\r?\n\r?\n/.test(this.solidoHead)) this.solidoMessageId = null;
      if (this.solidoMessageId !== undefined) this.solidoHead = undefined;
    }
    transform.call(this, chunk, encoding, done);
  };
  prototype._flush = function (done) {
    const handover = this.solidoMessageId ? atFinalDot.get(this.solidoMessageId) : undefined;
    if (!handover) return flush.call(this, done);
    atFinalDot.delete(this.solidoMessageId!);
    const withhold = (error: Error) => {
      // Dropped first, so not even an empty end reaches the server as the message's end.
      this.solidoAbort?.(error);
      done();
    };
    handover().then(
      (go) => (go ? flush.call(this, done) : withhold(new Error("The final dot was withheld"))),
      (error: unknown) => withhold(error instanceof Error ? error : new Error(String(error))),
    );
  };

  const connection = SMTPConnection.prototype as unknown as {
    _createSendStream: (this: { _socket?: { destroy: (error?: Error) => void } }, callback: unknown) => WatchedDataStream;
    solidoStreams?: boolean;
  };
  if (connection.solidoStreams) return;
  connection.solidoStreams = true;
  const createSendStream = connection._createSendStream;
  connection._createSendStream = function (callback) {
    const stream = createSendStream.call(this, callback);
    stream.solidoAbort = (error) => this._socket?.destroy(error);
    stream.on("error", (error: Error) => stream.solidoAbort?.(error));
    return stream;
  };
}
watchForFinalDots();

/**
 * Turns off Nagle's algorithm on every SMTP connection, as nodemailer leaves it
 * on. A message ends with a small write, the final dot, which Nagle holds back
 * until the server acknowledges the body; the server, waiting for that dot,
 * delays its acknowledgement (40 ms on Linux). So every message stalled about
 * 45 ms before the server could answer: one connection sent 21 messages a
 * second to the local mailbox, 316 without the delay. SMTP's exchanges are
 * request and answer, where Nagle only adds waiting; the bytes are the same.
 * Set once connected, on the plain socket (STARTTLS keeps it underneath) or the
 * TLS one.
 */
function sendWithoutDelay() {
  const prototype = SMTPConnection.prototype as unknown as {
    _onConnect: (this: { _socket?: { setNoDelay?: (noDelay: boolean) => unknown } }) => void;
    solidoNoDelay?: boolean;
  };
  if (prototype.solidoNoDelay) return;
  prototype.solidoNoDelay = true;
  const onConnect = prototype._onConnect;
  prototype._onConnect = function () {
    this._socket?.setNoDelay?.(true);
    onConnect.call(this);
  };
}
sendWithoutDelay();

interface SmtpError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejectedErrors?: SmtpError[];
}

/**
 * Whether a refusal is about the recipient's address itself (RFC 5321 §4.2.3:
 * 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed,
 * answered to RCPT TO; RFC 3463: enhanced status 5.1.x, "addressing status",
 * at any stage). A 554 5.7.1 (relay or policy refusal), a 552, a 421 and the
 * like are about the sending server, the message or the moment, not the address.
 */
export function isRecipientRefusal(refusal: { command?: string; responseCode?: number; response?: string }): boolean {
  const code = refusal.responseCode;
  if (code === undefined || code < 500) return false;
  if (/(^|\s)5\.1\.\d{1,3}(\s|$)/.test(refusal.response ?? "")) return true;
  if (/(^|\s)5\.\d{1,3}\.\d{1,3}(\s|$)/.test(refusal.response?.replace(/^\d{3}[ -]/, "") ?? "")) return false;
  return /RCPT/i.test(refusal.command ?? "") && (code === 550 || code === 551 || code === 553);
}

function classifyFailure(error: unknown): SendEmailFailure {
  const smtp = error as SmtpError;
  const code = smtp.responseCode;
  const message = smtp.response ?? smtp.message ?? String(error);
  // Our own credentials refused says nothing about the recipient, and retrying only repeats it.
  if (smtp.code === "EAUTH") return { ok: false, kind: "temporary", blame: "credentials", code, message };
  // When every recipient was refused, any deferral means a retry could still deliver.
  const refusals = smtp.rejectedErrors?.length ? smtp.rejectedErrors : [smtp];
  const deferred = refusals.some((each) => isTemporaryCode(each.responseCode));
  if (!deferred && code !== undefined && code >= 500 && code < 600) {
    return { ok: false, kind: "permanent", blame: refusals.every(isRecipientRefusal) ? "recipient" : "sender", code, message };
  }
  // 4xx, refused connections, timeouts, dropped sockets.
  return { ok: false, kind: "temporary", blame: "sender", code, message };
}

function isTemporaryCode(code: number | undefined) {
  return code !== undefined && code >= 400 && code < 500;
}

class InvalidAddressError extends Error {}

// Local part without whitespace or the characters that delimit addresses in a
// header; a domain of dot-separated labels (Unicode allowed; nodemailer punycodes it).
const label = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const addressPattern = new RegExp(`^[^\\s\\p{Cc}@<>()[\\]\\\\,;:"]{1,64}@(?:${label}\\.)+${label}$`, "u");

/** Whether sendEmail would take this as an address (e.g. to leave a junk Cc out rather than refuse the whole email). */
export function isValidEmailAddress(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= 254 && addressPattern.test(trimmed);
}

function safeAddress(input: EmailAddress): Mail.Address {
  const { name = "", address } = typeof input === "string" ? { address: input } : input;
  const trimmed = address.trim();
  if (trimmed.length > 254 || !addressPattern.test(trimmed)) {
    throw new InvalidAddressError(`Invalid email address: ${JSON.stringify(address)}`);
  }
  return { name: withoutControlCharacters(name), address: trimmed };
}

function safeAddresses(input: EmailAddress | EmailAddress[] | undefined): Mail.Address[] {
  if (input === undefined) return [];
  return (Array.isArray(input) ? input : [input]).map(safeAddress);
}

function defaultFrom(): EmailAddress {
  // EMAIL_FROM may be "Name <address>" or a bare address.
  const configured = env().EMAIL_FROM.trim();
  const match = /^(.*)<([^<>]+)>$/.exec(configured);
  return match ? { name: match[1].trim().replace(/^"(.*)"$/, "$1"), address: match[2] } : configured;
}

/**
 * Header text with control characters (CR and LF above all, which would start a
 * new header) and bidirectional overrides (which can disguise a sender's name)
 * replaced by a space.
 */
function withoutControlCharacters(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, " ").trim();
}

function normaliseMessageId(messageId: string): string {
  const bare = messageId.trim().replace(/^<(.*)>$/, "$1");
  if (!/^[!-;=?-~]+@[!-;=?-~]+$/.test(bare) || bare.split("@").length !== 2) {
    throw new TypeError(`messageId must look like <id@domain>, got ${JSON.stringify(messageId)}`);
  }
  return `<${bare}>`;
}

/** Headers sendEmail writes itself, from its own validated fields. */
const reservedHeaders = new Set([
  "from", "to", "cc", "bcc", "reply-to", "sender", "subject", "message-id", "date",
  "mime-version", "content-type", "content-transfer-encoding",
]);

function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!/^[!-9;-~]+$/.test(name) || reservedHeaders.has(name.toLowerCase())) {
        throw new TypeError(`sendEmail cannot set the header ${JSON.stringify(name)}`);
      }
      return [name, withoutControlCharacters(value)];
    }),
  );
}

function addressOf(entry: string | Mail.Address): string {
  return typeof entry === "string" ? entry : entry.address;
}
