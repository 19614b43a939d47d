// What "owed" means, in one place for every page: an invoice Xero shows as
// approved (AUTHORISED) with something left to pay. Drafts and submitted
// invoices are not yet owed; paid, voided and deleted ones no longer are.
import { sql } from "~/server/db.server";
import { hasRecipients } from "./contact-recipients.server";

/** SQL condition on an `invoices` row aliased `i` (a fragment, so callers splice it in). */
export const isOpen = () => sql`i.status = 'AUTHORISED' and i.amount_due > 0`;

/** The contact's reminder state, most pressing first: the words the Contacts page and its filters use. */
export type ContactState = "archived" | "paused" | "bouncing" | "no_email" | "ok";

/** The same ordering as ContactState, in SQL over a `contacts` row aliased `c`. */
export const contactState = () => sql`
  case
    when c.status <> 'ACTIVE' then 'archived'
    when c.reminders_paused_until > now() then 'paused'
    when c.email_bouncing_since is not null then 'bouncing'
    when not ${hasRecipients()} then 'no_email'
    else 'ok'
  end`;

/** Xero's own page for an invoice, for "Open in Xero". */
export const xeroInvoiceUrl = (xeroInvoiceId: string) =>
  `https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=${encodeURIComponent(xeroInvoiceId)}`;

export const xeroContactUrl = (xeroContactId: string) =>
  `https://go.xero.com/Contacts/View/${encodeURIComponent(xeroContactId)}`;
