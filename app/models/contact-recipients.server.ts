// Who a customer's reminders are addressed to: the one rule every place uses
// (the planner, prepare and send-now, the dashboard's "no email", the contact
// list and page, the invoice page and the upcoming reminders). See
// docs/decisions/0001-contact-persons-as-recipients.md.
//
// Xero emails an invoice "to the primary email address of the contact on the
// invoice and any additional contact persons that have IncludeInEmails flag set
// to true" (developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice,
// as quoted by docs.zynk.com/workflow/documentation/xero/email-invoices.html);
// ContactPerson.IncludeInEmails is "boolean to indicate whether contact should
// be included on emails with invoices etc." (Xero's OpenAPI, xero_accounting.yaml
// ContactPerson). Xero's own screen asks for the primary person's email before
// another person can be added, but contacts made through the API or an import
// can carry included persons and no EmailAddress: Xero still emails those
// persons, so Solido does too.
//
// The rule: To is the contact's EmailAddress, or when Xero has none, its first
// person included in emails; every other person included in emails is copied.
// sync stores the included persons' addresses, in Xero's order, as
// contacts.cc_email_addresses (app/sync/xero-records.ts).
import { sql as postgresSql } from "~/server/db.server";
import { isValidEmailAddress } from "~/server/email.server";

export type ContactAddresses = { emailAddress: string | null; ccEmailAddresses: string[] };

/** Where one reminder email to the contact goes; null when Xero gives it no address at all. */
export type Recipients = { to: string; cc: string[] };

const filled = (address: string | null | undefined): address is string => Boolean(address?.trim());

/**
 * The contact's reminder recipients. A malformed contact-person address is
 * left off (rather than costing the customer their reminder); the contact's
 * own EmailAddress is kept as Xero has it, so a typo there shows as a failed
 * send the business can fix in Xero.
 */
export function contactRecipients(contact: ContactAddresses): Recipients | null {
  const persons = contact.ccEmailAddresses.filter(filled).map((address) => address.trim()).filter(isValidEmailAddress);
  const own = filled(contact.emailAddress) ? contact.emailAddress.trim() : undefined;
  const to = own ?? persons[0];
  if (to === undefined) return null;
  const cc = [...new Set(persons.filter((address) => address.toLowerCase() !== to.toLowerCase()))];
  return { to, cc };
}

/** Everyone the email goes to, To first: for the pages that list them. */
export const allRecipients = (recipients: Recipients | null) => (recipients ? [recipients.to, ...recipients.cc] : []);

/**
 * contactRecipients(c) !== null, in SQL over a `contacts` row aliased `c`, for
 * the set-based readers (planner, dashboard, contact states, upcoming
 * reminders). Sync keeps no blank person addresses, so any stored one counts;
 * the one case SQL cannot see (every included person's address malformed) is
 * planned and then dropped by prepare as "no_email". Immutable, so the partial
 * index contacts_attention_idx is built on the same words.
 */
export const hasRecipientsCondition = "(coalesce(trim(c.email_address), '') <> '' or cardinality(c.cc_email_addresses) > 0)";

/** hasRecipientsCondition as a fragment for the shared postgres.js pool's queries. */
export const hasRecipients = () => postgresSql.unsafe(hasRecipientsCondition);
