// "Query this invoice": a customer says, on their page, what is wrong with an
// invoice. Its reminders stop at once (paused until resumed: chasing a
// disputed invoice is how a business loses a customer), the business's owners
// and admins are emailed, the invoice's history in Xero gets a note, and the
// dashboard lists it under "Needs attention" until someone resolves it, which
// resumes the reminders the query stopped.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { contacts, invoiceQueries, invoices, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import { renderEmail, sendEmail } from "~/server/email.server";
import { formatMoney, localeFor } from "~/display/format";
import { messageIdDomain } from "~/reminders/planner.server";
import { enqueue } from "~jobs/enqueue";
import InvoiceQuery from "~emails/invoice-query";
import { workspaceAdmins } from "./access-requests.server";
import { recordAudit } from "./audit-log.server";
import { checkQueryMessage } from "./customer-answers";
import type { CustomerLinkSubject } from "./customer-links.server";
import { openInvoiceOf } from "./payment-promises.server";
import { applyReminderPause, isIndefinite, isPaused, PAUSED_INDEFINITELY } from "./reminder-pauses.server";

/** The pause a query sets; resolving the query lifts only this pause, never one the business set itself. */
export const QUERY_PAUSE_REASON = "The customer queried this invoice.";

/** Records the query, stops the invoice's reminders, and queues the business's email and the note in Xero. */
export async function raiseInvoiceQuery(subject: CustomerLinkSubject, input: { invoiceId: string; message: string }) {
  const refusal = checkQueryMessage(input.message);
  if (refusal) return { ok: false as const, refusal };
  return db.transaction(async (tx) => {
    const found = await openInvoiceOf(tx, subject, input.invoiceId);
    if (!found) return { ok: false as const, refusal: "not_open" as const };
    // One open query an invoice: each one emails the business, so a second post waits for the first to be resolved.
    await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, input.invoiceId)).for("update");
    const [asked] = await tx.select({ id: invoiceQueries.id }).from(invoiceQueries).where(and(eq(invoiceQueries.invoiceId, input.invoiceId), isNull(invoiceQueries.resolvedAt))).limit(1);
    if (asked) return { ok: false as const, refusal: "already_asked" as const };
    const before = found.invoice.remindersPausedReason === QUERY_PAUSE_REASON ? null : found.invoice;
    const [query] = await tx
      .insert(invoiceQueries)
      .values({
        workspaceId: subject.workspaceId,
        invoiceId: input.invoiceId,
        message: input.message.trim(),
        pausedUntilBefore: before?.remindersPausedUntil ?? null,
        pausedReasonBefore: before?.remindersPausedUntil ? before.remindersPausedReason : null,
      })
      .returning();
    if (!found.invoice.remindersPausedUntil || !isIndefinite(found.invoice.remindersPausedUntil)) {
      await applyReminderPause(tx, { kind: "invoice", id: input.invoiceId }, { workspaceId: subject.workspaceId, userId: null, until: PAUSED_INDEFINITELY, reason: QUERY_PAUSE_REASON });
    }
    await enqueue(tx, "invoice_query_report", { queryId: query.id }, { jobKey: `invoice_query_report:${query.id}` });
    return { ok: true as const, query };
  });
}

/**
 * Marks the query resolved; when no other query stays open on the invoice, lifts the pause the query
 * set, back to the one it found (a payment plan, a promise) while that one lasts.
 */
export async function resolveInvoiceQuery(workspaceId: string, userId: string, queryId: string) {
  return db.transaction(async (tx) => {
    const [query] = await tx
      .update(invoiceQueries)
      .set({ resolvedAt: new Date(), resolvedByUserId: userId })
      .where(and(eq(invoiceQueries.id, queryId), eq(invoiceQueries.workspaceId, workspaceId), isNull(invoiceQueries.resolvedAt)))
      .returning();
    if (!query) return null;
    await recordAudit(tx, { workspaceId, userId, action: "invoice.query_resolved", detail: { invoiceId: query.invoiceId, queryId } });
    const [stillOpen] = await tx
      .select({ id: invoiceQueries.id })
      .from(invoiceQueries)
      .where(and(eq(invoiceQueries.invoiceId, query.invoiceId), isNull(invoiceQueries.resolvedAt)))
      .limit(1);
    const [invoice] = await tx.select({ reason: invoices.remindersPausedReason }).from(invoices).where(eq(invoices.id, query.invoiceId));
    if (!stillOpen && invoice?.reason === QUERY_PAUSE_REASON) {
      // Back to the pause the query found, while it lasts; else reminders go again.
      const restore = query.pausedUntilBefore && isPaused(query.pausedUntilBefore) ? { until: query.pausedUntilBefore, reason: query.pausedReasonBefore } : { until: null };
      await applyReminderPause(tx, { kind: "invoice", id: query.invoiceId }, { workspaceId, userId, ...restore });
    }
    return query;
  });
}

/** The workspace's open queries, oldest first, for the dashboard's "Needs attention". */
export async function openInvoiceQueries(workspaceId: string) {
  return db
    .select({
      id: invoiceQueries.id,
      invoiceId: invoiceQueries.invoiceId,
      message: invoiceQueries.message,
      raisedAt: invoiceQueries.createdAt,
      invoiceNumber: invoices.invoiceNumber,
      contactName: contacts.name,
    })
    .from(invoiceQueries)
    .innerJoin(invoices, eq(invoices.id, invoiceQueries.invoiceId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(invoiceQueries.workspaceId, workspaceId), isNull(invoiceQueries.resolvedAt)))
    .orderBy(asc(invoiceQueries.createdAt));
}

/** What the job needs: the query with its invoice, customer and workspace. */
async function queryReport(queryId: string) {
  const [row] = await db
    .select({ query: invoiceQueries, invoice: invoices, contactName: contacts.name, workspace: workspaces })
    .from(invoiceQueries)
    .innerJoin(invoices, eq(invoices.id, invoiceQueries.invoiceId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .innerJoin(workspaces, eq(workspaces.id, invoiceQueries.workspaceId))
    .where(eq(invoiceQueries.id, queryId));
  return row ?? null;
}

/**
 * Emails each owner and admin about the query, once: the Message-ID is fixed per query and admin, and
 * `business_told_at` is set after the last, so a retried job resends at most to those it had not reached.
 */
export async function tellBusinessAboutQuery(queryId: string) {
  const report = await queryReport(queryId);
  if (!report || report.query.businessToldAt) return;
  const { query, invoice, workspace } = report;
  const invoiceNumber = invoice.invoiceNumber ?? "(no number)";
  const { html, text } = await renderEmail(
    <InvoiceQuery
      customerName={report.contactName}
      invoiceNumber={invoiceNumber}
      amountDue={formatMoney(invoice.amountDue, invoice.currencyCode, localeFor(workspace.countryCode))}
      message={query.message}
      invoiceUrl={new URL(`/w/${workspace.slug}/invoices/${invoice.id}`, env().APP_URL).toString()}
    />,
  );
  for (const admin of await workspaceAdmins(workspace.id)) {
    const sent = await sendEmail({
      to: admin.email,
      subject: `${report.contactName.replace(/\s+/g, " ").trim()} has a question about invoice ${invoiceNumber}`,
      html,
      text,
      messageId: `<invoice-query-${queryId}-${admin.userId}@${messageIdDomain()}>`,
    });
    if (!sent.ok && sent.kind !== "permanent") throw new Error(`Telling ${admin.email} about query ${queryId} failed: ${sent.message}`);
    if (!sent.ok) console.warn(`Invoice query ${queryId}: the email to ${admin.email} was refused: ${sent.message}`);
  }
  await db.update(invoiceQueries).set({ businessToldAt: new Date() }).where(eq(invoiceQueries.id, queryId));
}

/** The note Xero keeps in the invoice's history (at most 250 characters), and whether it was added. */
export async function queryNoteFor(queryId: string) {
  const report = await queryReport(queryId);
  if (!report) return null;
  const words = report.query.message.replace(/\s+/g, " ");
  const lead = "The customer queried this invoice through Solido: ";
  return {
    workspaceId: report.workspace.id,
    noted: report.query.historyNotedAt !== null,
    note: {
      xeroInvoiceId: report.invoice.xeroInvoiceId,
      details: words.length + lead.length + 2 > 250 ? `${lead}"${words.slice(0, 250 - lead.length - 3)}…"` : `${lead}"${words}"`,
      idempotencyKey: `solido-query-${queryId}`,
    },
  };
}

export async function markQueryNoted(queryId: string) {
  await db.update(invoiceQueries).set({ historyNotedAt: sql`now()` }).where(eq(invoiceQueries.id, queryId));
}
