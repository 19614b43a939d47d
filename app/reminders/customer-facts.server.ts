// What stands between a customer and an email sent on demand, the same for
// the invoice page's "Send the next reminder now" and the contact page's
// "Send statement now": Xero connected, reminders live and not paused, the
// customer active, not paused, not held for credit, with an address that does
// not bounce. One query fragment reads the facts, one order checks them, one
// place words the refusals; each caller adds its own (nothing owed, a step
// left, one a day) around them.
import { sql as drizzleSql, type SQL } from "drizzle-orm";
import { contactRecipients } from "~/models/contact-recipients.server";
import { hasUnallocatedCreditCondition } from "~/models/credit-notes.server";

export type CustomerFacts = {
  contactName: string;
  emailAddress: string | null;
  ccEmailAddresses: string[];
  contactStatus: string;
  contactPaused: boolean;
  heldForCredit: boolean;
  bouncing: boolean;
  reminderMode: string;
  workspacePaused: boolean;
  connectionStatus: string | null;
  tenantId: string | null;
  /** The workspace's today, YYYY-MM-DD in its time zone. */
  today: string;
};

/** The columns of CustomerFacts, over contacts `c`, workspaces `w` and xero_connections `x` (see customerFactsJoins), at the moment `at`. */
export function customerFactsColumns(at: string): SQL {
  return drizzleSql`c.name as "contactName", c.email_address as "emailAddress", c.cc_email_addresses as "ccEmailAddresses", c.status as "contactStatus",
    coalesce(c.reminders_paused_until > ${at}::timestamptz, false) as "contactPaused",
    (w.hold_reminders_while_credit and ${drizzleSql.raw(hasUnallocatedCreditCondition)}) as "heldForCredit", c.email_bouncing_since is not null as bouncing,
    w.reminder_mode as "reminderMode", coalesce(w.reminders_paused_until > ${at}::timestamptz, false) as "workspacePaused",
    x.status as "connectionStatus", w.xero_tenant_id as "tenantId",
    to_char((${at}::timestamptz at time zone w.time_zone)::date, 'YYYY-MM-DD') as today`;
}

/** The contact `c`'s workspace `w` and Xero connection `x`, for customerFactsColumns. */
export const customerFactsJoins = drizzleSql`join workspaces w on w.id = c.workspace_id
    left join xero_connections x on x.workspace_id = w.id`;

export type WorkspaceRefusal = "needs_reconnect" | "not_connected" | "preview" | "workspace_paused";
export type ContactRefusal = "contact_archived" | "contact_paused" | "held_for_credit" | "no_email" | "email_bouncing";
export type CustomerRefusal = WorkspaceRefusal | ContactRefusal;

/** What in the workspace stops any email going now: Xero, preview, a pause. */
export function workspaceRefusalOf(facts: CustomerFacts): WorkspaceRefusal | null {
  if (facts.connectionStatus === "needs_reconnect") return "needs_reconnect";
  if (facts.connectionStatus !== "connected") return "not_connected";
  if (facts.reminderMode !== "live") return "preview";
  if (facts.workspacePaused) return "workspace_paused";
  return null;
}

/** What about the customer stops an email to them now, in the order a person would look for it. */
export function contactRefusalOf(facts: CustomerFacts): ContactRefusal | null {
  if (facts.contactStatus !== "ACTIVE") return "contact_archived";
  if (facts.contactPaused) return "contact_paused";
  if (facts.heldForCredit) return "held_for_credit";
  if (!contactRecipients(facts)) return "no_email";
  if (facts.bouncing) return "email_bouncing";
  return null;
}

/** The few words that differ between a reminder's refusal and a statement's. */
const WORDS = {
  reminder: { emails: "Reminders", check: "check for a payment", preview: "where you can also send yourself a test email" },
  statement: { emails: "Reminders and statements", check: "check the invoices", preview: "where you can see a statement and send yourself a test one" },
} as const;

/** Why the button is off, in the words the page shows next to it. */
export function explainCustomerRefusal(reason: CustomerRefusal, facts: CustomerFacts, email: keyof typeof WORDS): string {
  const words = WORDS[email];
  switch (reason) {
    case "not_connected":
      return `Xero is not connected, so Solido cannot ${words.check} right before sending.`;
    case "needs_reconnect":
      return `Xero needs reconnecting (Settings → Integrations) before Solido can ${words.check} right before sending.`;
    case "preview":
      return `${words.emails} are in preview: nothing goes to customers until an admin turns them on in Settings → Reminders, ${words.preview}.`;
    case "workspace_paused":
      return `${words.emails} are paused for the whole workspace. Resume them to send one.`;
    case "contact_archived":
      return `${facts.contactName} is archived in Xero.`;
    case "contact_paused":
      return `${words.emails} are paused for ${facts.contactName}. Resume them to send one.`;
    case "held_for_credit":
      return `${facts.contactName} has unallocated credit in Xero, and ${words.emails.toLowerCase()} are held while credit remains (Settings → Reminders). Allocate the credit in Xero, or stop holding reminders, to send one.`;
    case "no_email":
      return `${facts.contactName} has no email address in Xero, and no person marked "include in emails". Add one there; Solido picks it up at the next sync.`;
    case "email_bouncing":
      return `Emails to ${contactRecipients(facts)?.to ?? "this customer"} bounced. Fix the address in Xero, then try again.`;
  }
}
