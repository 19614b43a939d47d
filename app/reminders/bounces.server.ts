// Bounces that come after the mail server accepted a reminder (asynchronous:
// the receiving server refused it later), as a sending provider reports them.
// The rule for whose problem a refusal is stays one piece of code
// (isRecipientRefusal in app/server/email.server.ts): only a refusal of the
// address itself marks the customer's address as bouncing; a policy or relay
// refusal, a full mailbox or a deferral says nothing about the address.
import { sql } from "~/server/db.server";
import { isRecipientRefusal } from "~/server/email.server";
import { markContactsBouncing } from "./send.server";

export type AsynchronousBounce = {
  /** The Message-ID Solido gave the email, with or without its angle brackets. */
  messageId: string;
  recipient: string;
  /** The receiving server's SMTP reply code and words (with its enhanced status, when it gave one). */
  code: number;
  message: string;
};

export type BounceOutcome = "marked" | "not-the-address" | "unknown-email";

export async function recordAsynchronousBounce(bounce: AsynchronousBounce, now = new Date()): Promise<BounceOutcome> {
  const messageId = `<${bounce.messageId.replace(/^<|>$/g, "")}>`;
  // A provider's permanent failure is the receiving server's answer to its delivery of the message: for an
  // address, the answer to RCPT TO. A 5.x.x other than 5.1.x still rules the address out (see isRecipientRefusal).
  if (!isRecipientRefusal({ command: "RCPT TO", responseCode: bounce.code, response: bounce.message })) return "not-the-address";
  const [email] = await sql<{ id: string; contactId: string }[]>`
    select id, contact_id as "contactId" from reminder_emails
    where message_id = ${messageId} and status = 'sent' and lower(to_address) = lower(${bounce.recipient})`;
  if (!email) return "unknown-email";
  await markContactsBouncing([email.contactId], now);
  return "marked";
}
