// Reminders: what Solido will send in the coming fortnight, and the log of
// every email it sent (or could not), each viewable exactly as it went.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { getConnection, isConnected } from "~/models/xero-connections.server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { LoadingTable, Pagination, RowLink, useNavigateOnLinkClick } from "~/components/data-table";
import { EmptyState } from "~/components/empty-state";
import { BellIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { capitalise, formatDay, formatMoment, formatMoney, localeFor, todayIn } from "~/display/format";
import { listReminderLog } from "~/lists/reminder-log.server";
import { LOG_STATUSES, reminderLogQuerySchema, type ReminderLogQuery } from "~/lists/reminder-log-query";
import { listUpcomingReminders } from "~/models/upcoming-reminders.server";
import { describeReminder } from "~/reminders/schedule";
import { FIRST_PAGE, searchFor } from "~/lists/url-query";

export const meta: MetaFunction = () => [{ title: "Reminders · Solido" }];

const UPCOMING_DAYS = 14;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const query = reminderLogQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = todayIn(workspace.timeZone);
  const [connection, log, upcoming] = await Promise.all([
    getConnection(workspace.id),
    listReminderLog(workspace.id, query),
    listUpcomingReminders(workspace.id, { today, days: UPCOMING_DAYS, timeZone: workspace.timeZone, limit: 100 }),
  ]);
  const locale = localeFor(workspace.countryCode);
  return {
    slug: workspace.slug,
    mode: workspace.reminderMode,
    // While Xero is disconnected nothing goes, whatever the mode: said once, in the header.
    suspended: connection !== undefined && !isConnected(connection),
    query,
    nextCursor: log.nextCursor,
    previousCursor: log.previousCursor,
    log: log.rows.map((email) => ({
      id: email.id,
      status: email.status,
      statement: email.kind === "statement" ? (email.statementPeriod ? `Monthly statement, ${formatDay(`${email.statementPeriod}-01`, locale, { month: "long", year: "numeric" })}` : "Statement, sent on demand") : null,
      contactId: email.contactId,
      contactName: email.contactName,
      toAddress: email.toAddress,
      subject: email.subject,
      at: formatMoment(email.at, locale, workspace.timeZone),
      lastError: email.lastError,
      invoices: email.invoices,
    })),
    upcoming: upcoming.map((reminder) => ({
      key: `${reminder.invoiceId}:${reminder.stepId}:${reminder.repeatNumber}`,
      when: formatDay(reminder.sendOn, locale, { weekday: "short", day: "numeric", month: "short" }),
      contactId: reminder.contactId,
      contactName: reminder.contactName,
      to: reminder.emailAddress,
      invoiceId: reminder.invoiceId,
      invoiceNumber: reminder.invoiceNumber ?? "(no number)",
      step: capitalise(describeReminder(reminder.offsetDays, reminder.repeatNumber)),
      amountDue: formatMoney(reminder.amountDue, reminder.currencyCode, locale),
    })),
  };
}

const DEFAULTS: Partial<ReminderLogQuery> = { q: "", status: "all" };
const STATUS_LABEL = { all: "All", sent: "Sent", failed: "Not delivered" } as const;

export default function Reminders() {
  const { slug, mode, suspended, query, log, upcoming, nextCursor, previousCursor } = useLoaderData<typeof loader>();
  const base = `/w/${slug}/reminders`;
  const view = (changes: Partial<ReminderLogQuery>) => base + searchFor(query, DEFAULTS, { ...FIRST_PAGE, ...changes });
  const navigateOnClick = useNavigateOnLinkClick();
  return (
    <>
      <PageHeader
        title="Reminders"
        description="What Solido will send next, and every reminder it has sent."
        actions={
          suspended ? (
            <Badge tone="danger">Sending suspended: Xero not connected</Badge>
          ) : mode === "live" ? (
            <Badge tone="success">Sending</Badge>
          ) : (
            <Badge tone="info">Preview only</Badge>
          )
        }
      />
      <div className="space-y-6">
        <Card>
          <h2 className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">Upcoming, next {UPCOMING_DAYS} days</h2>
          {mode !== "live" ? (
            <p className="px-5 pt-3 text-sm text-slate-600">
              Reminders are in preview: these are the emails Solido would send.{" "}
              <Link to={`/w/${slug}/settings/reminders`} className="font-medium text-teal-800 underline">
                Turn reminders on in Settings → Reminders
              </Link>
              .
            </p>
          ) : null}
          {upcoming.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">Nothing is due to go in the next {UPCOMING_DAYS} days.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm [overflow-wrap:anywhere]" data-testid="upcoming-queue" onClick={navigateOnClick}>
              {upcoming.map((reminder) => (
                <li key={reminder.key} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-5 py-2">
                  <span className="w-28 shrink-0 font-medium text-slate-900">{reminder.when}</span>
                  <span className="min-w-0 flex-1 basis-48">
                    <RowLink to={`/w/${slug}/contacts/${reminder.contactId}`} className="font-medium text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                      {reminder.contactName}
                    </RowLink>
                    <span className="text-slate-600"> · {reminder.to} · </span>
                    <RowLink to={`/w/${slug}/invoices/${reminder.invoiceId}`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                      {reminder.invoiceNumber}
                    </RowLink>
                    <span className="text-slate-600"> · {reminder.amountDue}</span>
                  </span>
                  <span className="text-slate-600">{reminder.step}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card>
          <h2 className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">Sent</h2>
          <Form method="get" role="search" aria-label="Search sent reminders" className="flex flex-wrap items-end gap-3 p-4">
            <label className="flex min-w-[14rem] flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
              Customer or address
              <input type="search" name="q" defaultValue={query.q} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
              Status
              <select name="status" defaultValue={query.status} className="rounded-md border border-slate-300 px-3 py-2 font-normal">
                {LOG_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABEL[status]}
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" variant="secondary">
              Filter
            </Button>
          </Form>
          {log.length === 0 ? (
            query.q || query.status !== "all" ? (
              <p className="px-5 pb-6 text-sm text-slate-600">
                No reminders match. <Link to={view({ q: "", status: "all" })} className="font-medium text-teal-800 underline">Show all</Link>
              </p>
            ) : (
              <div className="p-4">
                <EmptyState icon={<BellIcon />} title="No reminders sent yet">
                  {mode === "live"
                    ? "Reminders appear here as invoices reach the steps of your schedule."
                    : "Solido starts in preview: it shows the reminders it would send, and sends nothing until you turn reminders on."}
                </EmptyState>
              </div>
            )
          ) : (
            <LoadingTable label="Sent reminders">
              <table className="min-w-full text-sm" data-testid="reminder-log">
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    {/* On a phone: the customer with when under it, and the email; the invoices are one tap away, in the email. */}
                    <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">When</th>
                    <th scope="col" className="px-4 py-3 font-medium">Customer</th>
                    <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">Invoices</th>
                    <th scope="col" className="px-4 py-3 font-medium">Email</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {log.map((email) => (
                    <tr key={email.id}>
                      <td className="hidden whitespace-nowrap px-4 py-3 sm:table-cell">{email.at}</td>
                      <td className="px-4 py-3">
                        <RowLink to={`/w/${slug}/contacts/${email.contactId}`} className="font-medium text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                          {email.contactName}
                        </RowLink>
                        <span className="block break-all text-xs text-slate-600">{email.toAddress}</span>
                        <span className="block text-xs text-slate-600 sm:hidden">{email.at}</span>
                      </td>
                      <td className="hidden px-4 py-3 md:table-cell">
                        {email.statement ? <Badge tone="info">{email.statement}</Badge> : null}
                        {email.invoices.map((invoice, index) => (
                          <span key={invoice.id}>
                            {index > 0 ? ", " : ""}
                            <RowLink to={`/w/${slug}/invoices/${invoice.id}`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                              {invoice.number ?? "(no number)"}
                            </RowLink>
                          </span>
                        ))}
                      </td>
                      <td className="px-4 py-3">
                        {email.status === "sent" ? null : <Badge tone="danger">Not delivered</Badge>}{" "}
                        <RowLink to={`${base}/emails/${email.id}`} className="font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                          {email.subject ?? "View email"}
                        </RowLink>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </LoadingTable>
          )}
          <Pagination pageAt={view} previousCursor={previousCursor} nextCursor={nextCursor} />
        </Card>
      </div>
    </>
  );
}
