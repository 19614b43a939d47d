// The local mailbox the e2e stack sends to: its address, and what arrived for a customer.
import { listMessages, type MailboxMessage } from "~mailbox/client";

export type { MailboxMessage };

/** The mailbox's base URL (or a path under it), published by the global setup when the stack starts. */
export function mailboxUrl(path = "/") {
  const url = process.env.MAILBOX_URL;
  if (!url) throw new Error("MAILBOX_URL is not set: the e2e global setup publishes the mailbox's address when the stack starts.");
  return new URL(path, url).toString();
}

/** The messages that arrived for one address, newest first. */
export const messagesTo = (address: string) => listMessages(mailboxUrl(), { to: address });
