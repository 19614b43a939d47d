// Statements in Settings → Reminders and on the pages that say what goes:
// the monthly setting, the customer the preview shows, a test statement, and
// what a customer's next and last statements are. Every function takes the
// workspace id: routes cannot reach another's data.
import { and, asc, desc, eq, gt, isNull, or } from "drizzle-orm";
import { auditLog, contacts, invoices, reminderEmails, workspaces } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { hasRecipients } from "~/models/contact-recipients.server";
import { hasUnallocatedCredit } from "~/models/credit-notes.server";
import { customerPageUrl } from "~/models/customer-links.server";
import { senderFor } from "~/reminders/branding.server";
import { queuePlanning } from "~/reminders/planning-queue.server";
import { sendAsTest } from "~/reminders/settings.server";
import { composeStatement, type StatementInvoice } from "./compose";
import { nextStatementDate, statementDueOn, type StatementDate } from "./schedule";

type Workspace = typeof workspaces.$inferSelect;

/** Turns monthly statements on (a day of the month, or LAST_DAY_OF_MONTH) or off (null); today's may go at once. */
export async function setMonthlyStatementDay(workspaceId: string, userId: string, day: number | null) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ monthlyStatementDay: day }).where(eq(workspaces.id, workspaceId));
    await tx.insert(auditLog).values({ workspaceId, userId, action: "statements.monthly_changed", detail: { monthlyStatementDay: day } });
    await queuePlanning(tx, workspaceId);
  });
}

export type StatementPreviewSubject = { contactName: string; invoices: StatementInvoice[]; sample: boolean; customerPageUrl: string | null };

/**
 * One consistent customer for the statement's preview and test email: the customer of the step
 * previews' invoice (the open invoice due first), with every invoice they have open; else made-up ones.
 */
export async function statementPreviewSubject(workspace: Workspace, today: string): Promise<StatementPreviewSubject> {
  const open = and(eq(invoices.workspaceId, workspace.id), eq(invoices.status, "AUTHORISED"), gt(invoices.amountDue, "0"), isNull(invoices.settledSeenAt));
  const [first] = await db.select({ contactId: invoices.contactId }).from(invoices).where(and(open)).orderBy(asc(invoices.dueDate)).limit(1);
  if (first) {
    const rows = await db
      .select({ invoice: invoices, contactName: contacts.name })
      .from(invoices)
      .innerJoin(contacts, eq(contacts.id, invoices.contactId))
      .where(and(open, eq(invoices.contactId, first.contactId)))
      .orderBy(asc(invoices.dueDate));
    const dated = rows.filter((row) => row.invoice.dueDate !== null);
    if (dated.length > 0) {
      return {
        contactName: dated[0].contactName,
        sample: false,
        customerPageUrl: customerPageUrl({ workspaceId: workspace.id, contactId: first.contactId }, new Date()),
        invoices: dated.map(({ invoice }) => ({
          invoiceNumber: invoice.invoiceNumber,
          reference: invoice.reference,
          currencyCode: invoice.currencyCode,
          amountDue: invoice.amountDue,
          dueDate: invoice.dueDate!,
          payUrl: invoice.onlineInvoiceUrl ?? "https://in.xero.com/",
        })),
      };
    }
  }
  const currency = workspace.baseCurrency ?? "NZD";
  const daysAgo = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  return {
    contactName: "Aroha's Café",
    sample: true,
    customerPageUrl: null,
    invoices: [
      { invoiceNumber: "INV-0042", reference: "Sample", currencyCode: currency, amountDue: "1150.00", dueDate: daysAgo(20), payUrl: "https://in.xero.com/" },
      { invoiceNumber: "INV-0047", reference: "Sample", currencyCode: currency, amountDue: "870.00", dueDate: daysAgo(-10), payUrl: "https://in.xero.com/" },
    ],
  };
}

/** Emails the admin the preview's statement as that customer would get it today, marked as a test. */
export async function sendTestStatement(workspace: Workspace, to: string, today: string) {
  const sender = await senderFor(workspace);
  const subject = await statementPreviewSubject(workspace, today);
  const composed = composeStatement({
    branding: sender.branding,
    locale: sender.locale,
    contactName: subject.contactName,
    today,
    customerPageUrl: subject.customerPageUrl,
    invoices: subject.invoices,
  });
  return sendAsTest(sender, to, composed);
}

/** The next monthly statement of a workspace from `today`, or null when monthly statements are off. */
export const nextStatementOf = (workspace: Pick<Workspace, "monthlyStatementDay" | "sendWeekdays">, today: string): StatementDate | null =>
  workspace.monthlyStatementDay === null ? null : nextStatementDate(today, workspace.monthlyStatementDay, workspace.sendWeekdays);

export type CustomerStatements = {
  lastSent: { id: string; sentAt: string; sendDate: string; statementPeriod: string | null } | null;
  /** The next monthly statement, when monthly statements are on and the customer has something open. */
  next: StatementDate | null;
  /** Why the next one would not go to this customer, in words; null when nothing stands in the way. */
  nextHeldBecause: string | null;
};

/** A customer's last statement sent and the next one scheduled (the contact page). */
export async function customerStatements(workspace: Workspace, contactId: string, today: string): Promise<CustomerStatements> {
  const [lastSent] = await db
    .select({ id: reminderEmails.id, sentAt: reminderEmails.sentAt, sendDate: reminderEmails.sendDate, statementPeriod: reminderEmails.statementPeriod })
    .from(reminderEmails)
    .where(and(eq(reminderEmails.workspaceId, workspace.id), eq(reminderEmails.contactId, contactId), eq(reminderEmails.kind, "statement"), eq(reminderEmails.status, "sent")))
    .orderBy(desc(reminderEmails.sentAt))
    .limit(1);
  const next = nextStatementOf(workspace, today);
  const [due] = await statementsDue(workspace.id, { contactId, includeHeld: true });
  // This month's already went (sent, or on its way), or a statement went on its day (on demand: the
  // customer's one statement that day, so the month's is not sent too): the one after.
  const [taken] = next
    ? await db
        .select({ id: reminderEmails.id })
        .from(reminderEmails)
        .where(
          and(
            eq(reminderEmails.contactId, contactId),
            or(eq(reminderEmails.statementPeriod, next.period), and(eq(reminderEmails.kind, "statement"), eq(reminderEmails.sendDate, next.sendOn))),
          ),
        )
        .limit(1)
    : [];
  const upcoming = next && taken ? nextStatementDate(nextAfter(next), workspace.monthlyStatementDay!, workspace.sendWeekdays) : next;
  return {
    lastSent: lastSent ? { id: lastSent.id, sentAt: lastSent.sentAt!.toISOString(), sendDate: lastSent.sendDate, statementPeriod: lastSent.statementPeriod } : null,
    next: due ? upcoming : null,
    nextHeldBecause: due?.heldBecause ?? null,
  };
}

/** The day after a statement's, from which the following one is looked for. */
const nextAfter = (date: StatementDate) => new Date(Date.parse(`${date.sendOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export type StatementDue = { contactId: string; contactName: string; emailAddress: string | null; openInvoices: number; heldBecause: string | null };

/**
 * The customers a statement would go to (anything open, someone to write to), with why one would be
 * held (paused, archived, bouncing, credit held) when `includeHeld`; the planner's rules, read for pages.
 */
export async function statementsDue(
  workspaceId: string,
  options: { contactId?: string; includeHeld?: boolean; limit?: number; notYetFor?: { period: string; sendOn: string } } = {},
): Promise<StatementDue[]> {
  const rows = await sql<StatementDue[]>`
    select c.id as "contactId", c.name as "contactName", c.email_address as "emailAddress",
      (select count(*)::int from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id
        and i.status = 'AUTHORISED' and i.amount_due > 0 and i.settled_seen_at is null) as "openInvoices",
      case
        when c.status <> 'ACTIVE' then 'The contact is archived in Xero.'
        when coalesce(c.reminders_paused_until > now(), false) then 'Reminders and statements are paused for this customer.'
        when w.hold_reminders_while_credit and ${hasUnallocatedCredit()} then 'The customer has unallocated credit in Xero, and you hold their emails while credit remains.'
        when not ${hasRecipients()} then 'The contact has no email address in Xero, and no person included in emails.'
        when c.email_bouncing_since is not null then 'Emails to this contact bounced; fix the address in Xero.'
      end as "heldBecause"
    from contacts c join workspaces w on w.id = c.workspace_id
    where c.workspace_id = ${workspaceId} ${options.contactId ? sql`and c.id = ${options.contactId}` : sql``}
      ${
        options.notYetFor
          ? sql`and not exists (select 1 from reminder_emails e where e.contact_id = c.id and (e.statement_period = ${options.notYetFor.period}
              or (e.kind = 'statement' and e.send_date = ${options.notYetFor.sendOn}::date)))`
          : sql``
      }
      and exists (select 1 from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id
        and i.status = 'AUTHORISED' and i.amount_due > 0 and i.settled_seen_at is null)
    order by c.name, c.id
    limit ${options.limit ?? 1000}`;
  return options.includeHeld ? rows : rows.filter((row) => row.heldBecause === null);
}

/** Whether the workspace's monthly statements go on `today` (its day, or moved onto it), and for which month. */
export const statementsGoToday = (workspace: Pick<Workspace, "monthlyStatementDay" | "sendWeekdays">, today: string) =>
  workspace.monthlyStatementDay === null ? null : statementDueOn(today, workspace.monthlyStatementDay, workspace.sendWeekdays);

/** The statements still to go today, when today is the workspace's statement day: the month, and to whom. */
export async function statementsGoingToday(workspace: Workspace, today: string) {
  const due = statementsGoToday(workspace, today);
  if (!due) return null;
  const customers = await statementsDue(workspace.id, { notYetFor: due });
  return { period: due.period, customers };
}
