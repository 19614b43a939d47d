// The shape of a received message as the mailbox's JSON API returns it; shared
// by the server and the test client, so it imports nothing from either.

export interface MailboxAddress {
  name: string;
  address: string;
}

export interface MailboxMessage {
  id: string;
  /** ISO time the mailbox accepted the message. */
  receivedAt: string;
  /** What the SMTP client said in MAIL FROM and the RCPT TOs the mailbox accepted: who actually received it. */
  envelope: { mailFrom: string | null; rcptTo: string[] };
  messageId: string | null;
  subject: string | null;
  /** The Date header, as ISO. */
  date: string | null;
  from: MailboxAddress[];
  to: MailboxAddress[];
  cc: MailboxAddress[];
  replyTo: MailboxAddress[];
  /** Every header line in order, unfolded but not decoded. */
  headers: { name: string; value: string }[];
  html: string | null;
  text: string | null;
  /** Files attached (e.g. an invoice's PDF), in order; each is at /api/messages/:id/attachments/:index. */
  attachments: { filename: string | null; contentType: string; size: number }[];
  /** Size of the raw source in bytes; the source itself is at /api/messages/:id/raw. */
  size: number;
}

/** A fault the mailbox injects, for tests of bounces and retries. */
export interface FaultRule {
  /**
   * A recipient address pattern (`*` matches anything, case-insensitive): RCPT TO
   * for a matching address is refused. Without it, whole messages are refused
   * after DATA.
   */
  recipient?: string;
  /** Refuse the client's AUTH instead (e.g. 535, expired credentials); a client that sends no AUTH is not affected. */
  auth?: boolean;
  /** SMTP reply code: 5xx permanent, 4xx temporary. */
  code: number;
  message?: string;
  /** How many times the fault fires before it is used up; unlimited when absent. */
  times?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
}
