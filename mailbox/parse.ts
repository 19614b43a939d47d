// Turns a raw RFC 5322 message plus its SMTP envelope into a MailboxMessage.
import { simpleParser, type AddressObject } from "mailparser";
import type { MailboxAddress, MailboxMessage } from "./message";

export interface ReceivedMessage extends MailboxMessage {
  raw: Buffer;
  /** The attachments' decoded bytes, in the order of `attachments`. */
  attachmentContents: Buffer[];
}

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

export async function parseMessage(
  raw: Buffer,
  envelope: Envelope,
  id: string,
  receivedAt: Date,
): Promise<ReceivedMessage> {
  // skipImageLinks keeps cid: references as written; we show the HTML as sent.
  const parsed = await simpleParser(raw, { skipImageLinks: true }).catch(() => undefined);
  // The server accepted it without looking; a message mailparser cannot read still shows, as its source.
  if (!parsed) return { id, receivedAt: receivedAt.toISOString(), envelope, messageId: null, subject: null, date: null, from: [], to: [], cc: [], replyTo: [], headers: [], html: null, text: null, attachments: [], size: raw.length, raw, attachmentContents: [] };
  return {
    id,
    receivedAt: receivedAt.toISOString(),
    envelope,
    messageId: parsed.messageId ?? null,
    subject: parsed.subject ?? null,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    headers: parsed.headerLines.map(({ line }) => headerLine(line)),
    html: typeof parsed.html === "string" ? parsed.html : null,
    text: parsed.text ?? null,
    attachments: parsed.attachments.map((attachment) => ({ filename: attachment.filename ?? null, contentType: attachment.contentType, size: attachment.size })),
    size: raw.length,
    raw,
    attachmentContents: parsed.attachments.map((attachment) => attachment.content),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailboxAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  // Groups ("Team: a@x, b@x;") nest their members; flatten them.
  const flatten = (list: AddressObject["value"]): MailboxAddress[] =>
    list.flatMap((entry) =>
      entry.group ? flatten(entry.group) : [{ name: entry.name ?? "", address: entry.address ?? "" }],
    );
  return objects.flatMap((object) => flatten(object.value));
}

function headerLine(line: string): { name: string; value: string } {
  const colon = line.indexOf(":");
  const name = colon === -1 ? line : line.slice(0, colon);
  const value = colon === -1 ? "" : line.slice(colon + 1);
  return { name: name.trim(), value: value.replace(/\r?\n[ \t]+/g, " ").trim() };
}
