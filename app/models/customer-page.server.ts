// What a customer sees on their page (the signed link in every reminder): the
// business's name, logo and colour, and every invoice they still owe it, each
// with Xero's "view and pay" link, any promise they made and any question they
// asked. Only the one customer the link names, of the one workspace.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { contacts, invoiceQueries, invoices, paymentPromises, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { addDays, daysBetween, formatDay, formatMoney, localeFor, todayIn } from "~/display/format";
import { senderFor } from "~/reminders/branding.server";
import { sumMoney } from "~/reminders/compose";
import type { CustomerLinkSubject } from "./customer-links.server";
import { PROMISE_FURTHEST_DAYS } from "./customer-answers";

const LONG_DAY = { day: "numeric", month: "long", year: "numeric" } as const;

/** The business a link belongs to, by name: what an expired link's page tells the customer to contact. */
export async function businessOf(subject: CustomerLinkSubject) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, subject.workspaceId));
  if (!workspace) return null;
  const { branding } = await senderFor(workspace);
  return branding;
}

export async function customerPage(subject: CustomerLinkSubject, now = new Date()) {
  const [row] = await db
    .select({ workspace: workspaces, contactName: contacts.name })
    .from(contacts)
    .innerJoin(workspaces, eq(workspaces.id, contacts.workspaceId))
    .where(and(eq(contacts.id, subject.contactId), eq(contacts.workspaceId, subject.workspaceId)));
  if (!row) return null;
  const { workspace } = row;
  const { branding } = await senderFor(workspace);
  const locale = localeFor(workspace.countryCode);
  const today = todayIn(workspace.timeZone, now);
  const open = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, subject.workspaceId),
        eq(invoices.contactId, subject.contactId),
        eq(invoices.status, "AUTHORISED"),
        sql`${invoices.amountDue} > 0 and ${invoices.settledSeenAt} is null`,
      ),
    )
    .orderBy(sql`${invoices.dueDate} asc nulls last`, asc(invoices.invoiceNumber));
  const ids = open.map((invoice) => invoice.id);
  const promises = ids.length
    ? await db
        .selectDistinctOn([paymentPromises.invoiceId], { invoiceId: paymentPromises.invoiceId, promisedFor: paymentPromises.promisedFor })
        .from(paymentPromises)
        .where(inArray(paymentPromises.invoiceId, ids))
        .orderBy(paymentPromises.invoiceId, desc(paymentPromises.createdAt))
    : [];
  const queries = ids.length
    ? await db
        .select({ invoiceId: invoiceQueries.invoiceId, raisedAt: invoiceQueries.createdAt })
        .from(invoiceQueries)
        .where(and(inArray(invoiceQueries.invoiceId, ids), isNull(invoiceQueries.resolvedAt)))
    : [];
  const promiseOf = new Map(promises.map((promise) => [promise.invoiceId, promise.promisedFor]));
  const queryOf = new Map(queries.map((query) => [query.invoiceId, query.raisedAt]));
  const owed = new Map<string, string[]>();
  for (const invoice of open) owed.set(invoice.currencyCode, [...(owed.get(invoice.currencyCode) ?? []), invoice.amountDue]);
  return {
    branding,
    contactName: row.contactName,
    today,
    earliestPromise: today,
    latestPromise: addDays(today, PROMISE_FURTHEST_DAYS),
    totals: [...owed].map(([currency, amounts]) => formatMoney(sumMoney(amounts), currency, locale)),
    invoices: open.map((invoice) => {
      const promisedFor = promiseOf.get(invoice.id);
      const days = invoice.dueDate ? daysBetween(invoice.dueDate, today) : null;
      return {
        id: invoice.id,
        number: invoice.invoiceNumber ?? "(no number)",
        reference: invoice.reference,
        amountDue: formatMoney(invoice.amountDue, invoice.currencyCode, locale),
        dueDate: invoice.dueDate ? formatDay(invoice.dueDate, locale, LONG_DAY) : null,
        timing: days === null ? null : days > 0 ? `${days} ${days === 1 ? "day" : "days"} overdue` : days === 0 ? "due today" : `due in ${-days} ${days === -1 ? "day" : "days"}`,
        overdue: days !== null && days > 0,
        payUrl: invoice.onlineInvoiceUrl,
        // A promise still to come, as the customer made it; a passed one is the reminders' to mention.
        promisedFor: promisedFor && promisedFor >= today ? formatDay(promisedFor, locale, LONG_DAY) : null,
        queriedOn: queryOf.has(invoice.id) ? formatDay(todayIn(workspace.timeZone, queryOf.get(invoice.id)!), locale, LONG_DAY) : null,
      };
    }),
  };
}

export type CustomerPage = NonNullable<Awaited<ReturnType<typeof customerPage>>>;
