// The statements' part of reminder_emails_prepare, for one workspace: ask Xero
// about every invoice its waiting statements' customers have open (one IDs=
// call per 50, through the gateway and the tenant's budget), fetch any "view
// and pay" link not yet known, then, in one transaction with the emails
// locked, list what is still open, render each statement once and queue its
// send job in the transaction that freezes it. A customer whose invoices were
// all paid meanwhile gets nothing; so does one who can no longer be written to.
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { invoices, reminderEmails, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { renderEmail } from "~/server/email.server";
import { contactRecipients } from "~/models/contact-recipients.server";
import { customerPageUrl } from "~/models/customer-links.server";
import { refreshFromXero } from "~/sync/sync-engine.server";
import { IDS_PER_CALL } from "~/sync/xero-reads.server";
import { senderFor, type Sender } from "~/reminders/branding.server";
import { lockWaitingEmails, PaymentCheckUnavailable, queueSends, TRANSIENT_XERO_ERRORS, writeFrozen, type Frozen, type PrepareOutcome } from "~/reminders/prepare.server";
import { fillOnlineInvoiceUrls } from "~/reminders/xero-links.server";
import { composeStatement } from "./compose";

/** How many statements one pass checks with Xero. */
const STATEMENTS_PER_PASS = 100;

/** Open, as Solido last saw it: AUTHORISED with something due, not seen settled. */
const openInvoice = () => and(eq(invoices.status, "AUTHORISED"), gt(invoices.amountDue, "0"), isNull(invoices.settledSeenAt));


async function drop(emailIds: string[], reason: string) {
  await db
    .update(reminderEmails)
    .set({ status: "dropped", lastError: reason })
    .where(and(inArray(reminderEmails.id, emailIds), eq(reminderEmails.status, "queued"), isNull(reminderEmails.preparedAt)));
}

export async function prepareStatements(workspaceId: string, now: Date): Promise<PrepareOutcome> {
  const outcome: PrepareOutcome = { queued: 0, dropped: 0, xeroCalls: 0 };
  for (;;) {
    const waiting = await db
      .select({ id: reminderEmails.id, contactId: reminderEmails.contactId })
      .from(reminderEmails)
      .where(and(eq(reminderEmails.workspaceId, workspaceId), eq(reminderEmails.kind, "statement"), eq(reminderEmails.status, "queued"), isNull(reminderEmails.preparedAt)))
      .orderBy(asc(reminderEmails.createdAt))
      .limit(STATEMENTS_PER_PASS);
    if (waiting.length === 0) return outcome;
    const emailIds = waiting.map((email) => email.id);
    const open = await db
      .select({ id: invoices.id, xeroInvoiceId: invoices.xeroInvoiceId })
      .from(invoices)
      .where(and(eq(invoices.workspaceId, workspaceId), inArray(invoices.contactId, [...new Set(waiting.map((email) => email.contactId))]), openInvoice()));
    let unverified = new Set<string>();
    if (open.length > 0) {
      // Never a paid invoice on a statement: Xero is asked about each one right before rendering.
      const refreshed = await refreshFromXero(workspaceId, { xeroInvoiceIds: open.map((invoice) => invoice.xeroInvoiceId), xeroContactIds: [] }, "reminder");
      outcome.xeroCalls += Math.ceil(open.length / IDS_PER_CALL);
      if (refreshed.status === "skipped" || (refreshed.status === "failed" && !TRANSIENT_XERO_ERRORS.has(refreshed.errorCode ?? ""))) {
        await drop(emailIds, refreshed.errorCode ?? "not_connected");
        outcome.dropped += emailIds.length;
        continue;
      }
      if (refreshed.status === "failed") throw new PaymentCheckUnavailable(`Checking statements' invoices with Xero failed (${refreshed.errorCode}): ${refreshed.error}`);
      const links = await fillOnlineInvoiceUrls(workspaceId, open.map((invoice) => invoice.id));
      if (!links.ok) throw new PaymentCheckUnavailable(`Fetching online invoice links failed (${links.error.code}): ${links.error.message}`);
      const unanswered = new Set(refreshed.unansweredInvoiceIds ?? []);
      unverified = new Set(open.filter((invoice) => unanswered.has(invoice.xeroInvoiceId)).map((invoice) => invoice.id));
    }
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    const frozen = await freezeStatements(workspaceId, emailIds, now, await senderFor(workspace), unverified);
    outcome.queued += frozen.queued;
    outcome.dropped += emailIds.length - frozen.queued;
  }
}

async function freezeStatements(workspaceId: string, emailIds: string[], now: Date, sender: Sender, unverified: ReadonlySet<string>): Promise<{ queued: number }> {
  return db.transaction(async (tx) => {
    const locked = await lockWaitingEmails(tx, workspaceId, emailIds, now);
    if (!locked) return { queued: 0 };
    const contactIds = [...new Set(locked.emails.map(({ contact }) => contact.id))];
    // What is open now, after Xero's answer was written; an invoice Xero did not answer for stays off.
    const open = (
      await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.workspaceId, workspaceId), inArray(invoices.contactId, contactIds), openInvoice()))
    ).filter((invoice) => !unverified.has(invoice.id) && invoice.dueDate !== null);
    const frozen: Frozen[] = [];
    for (const { email, contact, blocker } of locked.emails) {
      const theirs = open.filter((invoice) => invoice.contactId === contact.id);
      if (blocker || theirs.length === 0) {
        frozen.push({ emailId: email.id, status: "dropped", reason: blocker ?? "nothing open" });
        continue;
      }
      const composed = composeStatement({
        branding: sender.branding,
        locale: sender.locale,
        contactName: contact.name,
        today: email.sendDate,
        customerPageUrl: customerPageUrl({ workspaceId, contactId: contact.id }, now),
        invoices: theirs.map((invoice) => ({
          invoiceNumber: invoice.invoiceNumber,
          reference: invoice.reference,
          currencyCode: invoice.currencyCode,
          amountDue: invoice.amountDue,
          dueDate: invoice.dueDate!,
          payUrl: invoice.onlineInvoiceUrl,
        })),
      });
      const { html, text } = await renderEmail(composed.element);
      // Let a send in this process finish its message between two renders (see the reminders' prepare).
      await new Promise((resolve) => setImmediate(resolve));
      const { to, cc } = contactRecipients(contact)!;
      frozen.push({ emailId: email.id, status: "queued", toAddress: to, ccAddresses: cc, subject: composed.subject, html, text });
    }
    await writeFrozen(tx, frozen, now);
    const ready = frozen.filter((email) => email.status === "queued").map((email) => email.emailId);
    await queueSends(tx, ready);
    return { queued: ready.length };
  });
}
