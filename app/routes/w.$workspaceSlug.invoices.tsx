// Invoices: every invoice Solido holds for the workspace, searchable,
// filterable and sortable, with the whole view in the URL. It opens on the
// unpaid ones (what needs chasing), each with its last and next reminder.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { LoadingTable, NoMatches, Pagination, RowLink, SortHeader, ViewTabs } from "~/components/data-table";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countWords, daysBetween, formatDay, formatMoney, localeFor, plural, todayIn } from "~/display/format";
import { INVOICE_STATUSES, invoiceSearch, parseInvoiceQuery, type InvoiceQuery } from "~/lists/invoice-query";
import { INVOICE_STATE_BADGE, invoiceState } from "~/display/invoice-status";
import { COUNT_LIMIT, countMatchingInvoices, hasAnyInvoice, listInvoices } from "~/lists/invoice-list.server";
import { listUpcomingReminders } from "~/models/upcoming-reminders.server";
import { FIRST_PAGE } from "~/lists/url-query";

export const meta: MetaFunction = () => [{ title: "Invoices · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const query = parseInvoiceQuery(new URL(request.url).searchParams);
  const today = todayIn(workspace.timeZone);
  const [page, matching] = await Promise.all([listInvoices(workspace.id, query, today), countMatchingInvoices(workspace.id, query, today)]);
  const defaultView = invoiceSearch(query, FIRST_PAGE) === "";
  const open = page.rows.filter((row) => row.status === "AUTHORISED" && Number(row.amountDue) > 0).map((row) => row.id);
  const [anyInvoice, upcoming] = await Promise.all([
    matching === 0 && defaultView ? hasAnyInvoice(workspace.id) : true,
    // The page's open invoices' next reminders in one read, by the rule the invoice page and the Upcoming list use.
    open.length > 0
      ? listUpcomingReminders(workspace.id, { today, days: 366, timeZone: workspace.timeZone, invoiceIds: open, limit: open.length * 10 })
      : [],
  ]);
  const nextOn = new Map<string, string>();
  for (const reminder of upcoming) if (!nextOn.has(reminder.invoiceId)) nextOn.set(reminder.invoiceId, reminder.sendOn);
  const locale = localeFor(workspace.countryCode);
  return {
    slug: workspace.slug,
    query,
    // The workspace has none at all (not merely none in this view): the page explains how they arrive.
    empty: !anyInvoice,
    // Invoices, but nothing unpaid: the default view says so, and leads to the others.
    nothingToChase: matching === 0 && defaultView && anyInvoice,
    matching,
    countLabel: countWords(matching, COUNT_LIMIT, "invoice"),
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
    rows: page.rows.map((row) => {
      const state = invoiceState(row, today);
      return {
        id: row.id,
        invoiceNumber: row.invoiceNumber ?? "(no number)",
        reference: row.reference,
        contactId: row.contactId,
        contactName: row.contactName,
        state,
        amountDue: formatMoney(row.amountDue, row.currencyCode, locale),
        total: formatMoney(row.total, row.currencyCode, locale),
        dueDate: row.dueDate ? formatDay(row.dueDate, locale) : "—",
        daysOverdue: state === "overdue" && row.dueDate ? daysBetween(row.dueDate, today) : null,
        remindersPaused: row.remindersPaused,
        lastReminder: row.lastReminderAt ? formatDay(todayIn(workspace.timeZone, new Date(row.lastReminderAt)), locale) : open.includes(row.id) ? "None yet" : "—",
        nextReminder: nextOn.has(row.id) ? formatDay(nextOn.get(row.id)!, locale) : open.includes(row.id) ? noNextReminder(row, today, workspace.chaseWithinDays) : null,
      };
    }),
  };
}

/** Why an unpaid invoice has no next reminder, when the reason is on the row itself; else a dash (its page says more). */
function noNextReminder(row: { dueDate: string | null; remindersPaused: boolean }, today: string, chaseWithinDays: number | null) {
  if (row.remindersPaused) return "Paused";
  if (row.dueDate && chaseWithinDays !== null && daysBetween(row.dueDate, today) > chaseWithinDays) return `Not chased (over ${chaseWithinDays} days)`;
  return null;
}

const STATUS_LABEL: Record<(typeof INVOICE_STATUSES)[number], string> = {
  unpaid: "Unpaid",
  overdue: "Overdue",
  paid: "Paid",
  voided: "Voided",
  all: "All",
};

export default function Invoices() {
  const { slug, query, empty, nothingToChase, countLabel, rows, nextCursor, previousCursor } = useLoaderData<typeof loader>();
  const base = `/w/${slug}/invoices`;
  // Changing the view starts again from the first page.
  const view = (changes: Partial<InvoiceQuery>) => base + invoiceSearch(query, { ...FIRST_PAGE, ...changes });
  const sortHeader = (label: string, sort: InvoiceQuery["sort"], align?: "right", className?: string) => {
    const active = query.sort === sort;
    // First click on "Days overdue" and "Amount" shows the largest first.
    const firstDirection = sort === "due" ? "asc" : "desc";
    const dir = active ? (query.dir === "asc" ? "desc" : "asc") : firstDirection;
    return <SortHeader label={label} href={view({ sort, dir })} active={active} ascending={query.dir === "asc"} align={align} className={className} />;
  };
  return (
    <>
      <PageHeader title="Invoices" description="Your sales invoices in Xero, with what is left to pay and when it was due." />
      {empty ? (
        <EmptyState icon={<InvoiceIcon />} title="No invoices yet">
          Once Xero is connected, Solido copies your invoices here and keeps them in step with Xero.
        </EmptyState>
      ) : (
        <Card>
          <ViewTabs
            label="Invoice status"
            tabs={INVOICE_STATUSES.map((status) => ({ key: status, label: STATUS_LABEL[status], to: view({ status }), current: query.status === status }))}
          />
          <Filters query={query} />
          <p className="px-4 pb-2 text-sm text-slate-600" aria-live="polite" data-testid="invoice-count">
            {countLabel}
          </p>
          {nothingToChase ? (
            <div className="px-4 pb-8 pt-4 text-center text-sm text-slate-600" data-testid="nothing-to-chase">
              <p className="font-medium text-slate-900">Nothing to chase: every invoice is paid.</p>
              <p className="mt-1">
                <Link to={view({ status: "all" })} className="font-medium text-teal-800 underline">
                  See all invoices
                </Link>
              </p>
            </div>
          ) : rows.length === 0 ? (
            <NoMatches noun="invoices" resetTo={base} resetLabel="Clear search and filters" />
          ) : (
            <LoadingTable label="Invoices">
              <table className="min-w-full text-sm" data-testid="invoice-table">
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-3 font-medium">Invoice</th>
                    {/* On a phone the key columns stay: the invoice with its customer, and the amount due with its due date under it;
                        customer, due date, status and days overdue have their own columns from sm/md up. */}
                    <th scope="col" className="hidden px-3 py-3 font-medium sm:table-cell">Customer</th>
                    <th scope="col" className="hidden px-3 py-3 font-medium md:table-cell">Status</th>
                    {sortHeader("Due", "due", undefined, "hidden sm:table-cell")}
                    {/* From lg to 2xl the days overdue go under the due date, to leave the customer's name room beside the reminders. */}
                    {sortHeader("Days overdue", "overdue", "right", "hidden md:table-cell lg:hidden 2xl:table-cell")}
                    {sortHeader("Amount due", "amount", "right")}
                    <th scope="col" className="hidden px-3 py-3 font-medium lg:table-cell">Reminders</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {rows.map((row) => (
                    <tr key={row.id} className="hover:bg-slate-50" data-testid="invoice-row">
                      <td className="whitespace-nowrap px-3 py-3">
                        <RowLink to={`${base}/${row.id}`} className="font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                          {row.invoiceNumber}
                        </RowLink>
                        {row.reference ? <span className="block max-w-[10.5rem] truncate sm:max-w-[10rem] text-xs text-slate-600">{row.reference}</span> : null}
                        <span className="block max-w-[10.5rem] truncate sm:max-w-[12rem] text-xs text-slate-700 sm:hidden">{row.contactName}</span>
                      </td>
                      <td className="hidden px-3 py-3 sm:table-cell">
                        {/* One line however long the name: the whole of it on hover, and on the customer's page. */}
                        <RowLink
                          to={`/w/${slug}/contacts/${row.contactId}`}
                          title={row.contactName}
                          className="block max-w-[11rem] truncate text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current"
                        >
                          {row.contactName}
                        </RowLink>
                      </td>
                      <td className="hidden whitespace-nowrap px-3 py-3 md:table-cell">
                        <span className="flex flex-wrap gap-1">
                          <Badge tone={INVOICE_STATE_BADGE[row.state].tone}>{INVOICE_STATE_BADGE[row.state].label}</Badge>
                          {row.remindersPaused ? <Badge tone="warning">Paused</Badge> : null}
                        </span>
                      </td>
                      <td className="hidden whitespace-nowrap px-3 py-3 sm:table-cell">
                        <span data-testid="due-date">{row.dueDate}</span>
                        {row.daysOverdue !== null ? <span className="hidden text-xs text-slate-600 lg:block 2xl:hidden">{plural(row.daysOverdue, "day")} overdue</span> : null}
                      </td>
                      <td className="hidden whitespace-nowrap px-3 py-3 text-right tabular-nums md:table-cell lg:hidden 2xl:table-cell" data-testid="days-overdue">
                        {row.daysOverdue ?? ""}
                      </td>
                      <td className="whitespace-nowrap px-3 py-3 text-right tabular-nums">
                        <span className="font-medium" data-testid="amount-due">
                          {row.amountDue}
                        </span>
                        <span className="block text-xs text-slate-600 sm:hidden">Due {row.dueDate}</span>
                      </td>
                      {/* The last reminder and the next, one above the other: two columns of their own squeezed the customer's name. */}
                      <td className="hidden px-3 py-3 text-slate-700 lg:table-cell">
                        <span className="block whitespace-nowrap">
                          <span className="text-xs text-slate-500">Last </span>
                          <span data-testid="last-reminder">{row.lastReminder}</span>
                        </span>
                        <span className="block min-w-[7.5rem]">
                          <span className="text-xs text-slate-500">Next </span>
                          <span data-testid="next-reminder">{row.nextReminder ?? "—"}</span>
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </LoadingTable>
          )}
          <Pagination pageAt={view} previousCursor={previousCursor} nextCursor={nextCursor} />
        </Card>
      )}
    </>
  );
}

function Filters({ query }: { query: InvoiceQuery }) {
  const submit = useSubmit();
  return (
    // A GET form: submitting it is navigating to the view's URL.
    <Form method="get" className="flex flex-wrap items-end gap-3 p-4" role="search" aria-label="Search and filter invoices">
      {query.status !== "unpaid" ? <input type="hidden" name="status" value={query.status} /> : null}
      {query.sort !== "due" ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir !== "asc" ? <input type="hidden" name="dir" value={query.dir} /> : null}
      <label className="flex min-w-[14rem] flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
        Search
        <input
          type="search"
          name="q"
          defaultValue={query.q}
          placeholder="Invoice number, reference or customer"
          className="rounded-md border border-slate-300 px-3 py-2 font-normal text-slate-900 placeholder:text-slate-500"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Due from
        <input type="date" name="dueFrom" defaultValue={query.dueFrom} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Due to
        <input type="date" name="dueTo" defaultValue={query.dueTo} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
      </label>
      <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-700">
        <input
          type="checkbox"
          name="paused"
          value="1"
          defaultChecked={query.paused === "1"}
          className="h-4 w-4 rounded border-slate-300"
          onChange={(event) => submit(event.currentTarget.form)}
        />
        Reminders paused
      </label>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </Form>
  );
}
