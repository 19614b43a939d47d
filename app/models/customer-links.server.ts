// The link in every reminder to the customer's own page: no login, so the link
// itself is the key. It names one customer (contact) of one workspace and the
// moment it stops working, signed with a key derived from SESSION_SECRET
// (HKDF, its own label, so a link can never pass for a session cookie or the
// other way round). Checked in constant time; a link that was altered opens
// nothing, and one past its date says so and names the business to ask.
import crypto from "node:crypto";
import { env } from "~/server/env.server";

/** How long a reminder's link keeps working: long enough to outlast the reminders that follow it. */
export const CUSTOMER_LINK_DAYS = 60;

const VERSION = "1";

export type CustomerLinkSubject = { workspaceId: string; contactId: string };
export type CustomerLinkCheck =
  | { ok: true; subject: CustomerLinkSubject; expiresAt: Date }
  | { ok: false; reason: "tampered" }
  | { ok: false; reason: "expired"; subject: CustomerLinkSubject; expiresAt: Date };

let derived: { secret: string; key: Buffer } | null = null;
function linkKey(): Buffer {
  const secret = env().SESSION_SECRET;
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(crypto.hkdfSync("sha256", secret, "solido", "customer page links v1", 32)) };
  }
  return derived.key;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(payload: string) {
  return crypto.createHmac("sha256", linkKey()).update(payload).digest();
}

/** The token for a customer's page, working until `expiresAt`. */
export function customerLinkToken(subject: CustomerLinkSubject, expiresAt: Date): string {
  const payload = [VERSION, subject.workspaceId, subject.contactId, Math.floor(expiresAt.getTime() / 1000).toString(36)].join(".");
  return `${Buffer.from(payload).toString("base64url")}.${sign(payload).toString("base64url")}`;
}

/** The page's full address, for an email that goes out at `sentAt`. */
export function customerPageUrl(subject: CustomerLinkSubject, sentAt: Date): string {
  const expiresAt = new Date(sentAt.getTime() + CUSTOMER_LINK_DAYS * 86_400_000);
  return new URL(`/pay/${customerLinkToken(subject, expiresAt)}`, env().APP_URL).toString();
}

/** What a token grants, if its signature holds; whether it has run out. */
export function checkCustomerLink(token: string, now = new Date()): CustomerLinkCheck {
  const [encoded, signature, ...extra] = token.split(".");
  if (!encoded || !signature || extra.length > 0) return { ok: false, reason: "tampered" };
  const payload = Buffer.from(encoded, "base64url").toString();
  const given = Buffer.from(signature, "base64url");
  const expected = sign(payload);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: "tampered" };
  const [version, workspaceId, contactId, expires] = payload.split(".");
  if (version !== VERSION || !UUID.test(workspaceId ?? "") || !UUID.test(contactId ?? "") || !/^[0-9a-z]+$/.test(expires ?? "")) {
    return { ok: false, reason: "tampered" };
  }
  const expiresAt = new Date(parseInt(expires, 36) * 1000);
  const subject = { workspaceId, contactId };
  return expiresAt > now ? { ok: true, subject, expiresAt } : { ok: false, reason: "expired", subject, expiresAt };
}
