// One customer: where reminders go, whether they can, what they owe, their
// invoices and upcoming reminders (and the schedule they follow, and why), the
// control to pause them all, and their statements (the last, the next, "Send statement now").
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { CreditNotice } from "~/components/credit-notice";
import { PageHeader } from "~/components/page-header";
import { OpenInXeroLink } from "~/components/xero-button";
import { PauseControls } from "~/components/pause-controls";
import { CONTACT_STATE_BADGE } from "~/lists/contact-query";
import { capitalise, formatDay, formatMoment, formatMoney, localeFor, todayIn } from "~/display/format";
import { INVOICE_STATE_BADGE, invoiceState } from "~/display/invoice-status";
import { getContact, listContactInvoices, totalsForContacts } from "~/lists/contact-list.server";
import { contactRecipients } from "~/models/contact-recipients.server";
import { creditNotice } from "~/models/credit-notes.server";
import { isUuid } from "~/models/invoice-detail.server";
import { readPauseForm } from "~/models/pause-form.server";
import { xeroContactUrl } from "~/models/receivables.server";
import { pausedWords, setReminderPause } from "~/models/reminder-pauses.server";
import { listUpcomingReminders } from "~/models/upcoming-reminders.server";
import { flashToast } from "~/http/session.server";
import { describeReminder } from "~/reminders/schedule";
import { ContactScheduleLine } from "~/pages/contact/schedule";
import { loadContactSchedule } from "~/pages/contact/schedule.server";
import { ContactStatementsCard } from "~/pages/contact/statements";
import { loadContactStatements, sendStatementNowAction } from "~/pages/contact/statements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contact.name ?? "Contact"} · Contacts · Solido` }];

const UPCOMING_DAYS = 30;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  const contact = isUuid(params.contactId) ? await getContact(workspace.id, params.contactId) : undefined;
  if (!contact) throw new Response("Not found", { status: 404 });
  const today = todayIn(workspace.timeZone);
  const locale = localeFor(workspace.countryCode);
  const [invoices, totals, upcoming, credit, statements, schedule] = await Promise.all([
    listContactInvoices(workspace.id, contact.id),
    totalsForContacts(workspace.id, [contact.id], today),
    listUpcomingReminders(workspace.id, { today, days: UPCOMING_DAYS, timeZone: workspace.timeZone, contactId: contact.id }),
    creditNotice(workspace, contact.xeroContactId, locale),
    loadContactStatements(workspace, contact.id, today, locale),
    loadContactSchedule(workspace, contact.id),
  ]);
  return {
    slug: workspace.slug,
    canChange: role !== "viewer",
    credit,
    statements,
    schedule,
    contact: {
      id: contact.id,
      name: contact.name,
      recipients: contactRecipients(contact),
      hasEmailAddress: Boolean(contact.emailAddress?.trim()),
      state: contact.state,
      xeroUrl: xeroContactUrl(contact.xeroContactId),
      bouncingSince: contact.emailBouncingSince ? formatMoment(contact.emailBouncingSince, locale, workspace.timeZone) : null,
      paused: pausedWords(contact.remindersPausedUntil, locale, workspace.timeZone),
      pausedReason: contact.remindersPausedReason,
    },
    totals: (totals.get(contact.id) ?? []).map((each) => ({
      currencyCode: each.currencyCode,
      outstanding: formatMoney(each.outstanding, each.currencyCode, locale),
      overdue: formatMoney(each.overdue, each.currencyCode, locale),
      openCount: each.openCount,
    })),
    invoices: invoices.map((invoice) => ({
      id: invoice.id,
      invoiceNumber: invoice.invoiceNumber ?? "(no number)",
      state: invoiceState(invoice, today),
      dueDate: invoice.dueDate ? formatDay(invoice.dueDate, locale) : "—",
      amountDue: formatMoney(invoice.amountDue, invoice.currencyCode, locale),
    })),
    upcoming: upcoming.map((reminder) => ({
      key: `${reminder.invoiceId}:${reminder.stepId}:${reminder.repeatNumber}`,
      when: formatDay(reminder.sendOn, locale, { weekday: "short", day: "numeric", month: "short" }),
      invoiceId: reminder.invoiceId,
      invoiceNumber: reminder.invoiceNumber ?? "(no number)",
      step: capitalise(describeReminder(reminder.offsetDays, reminder.repeatNumber)),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { workspace, user } = await requireWorkspaceAdmin(request, params);
  const form = await request.formData();
  if (form.get("intent") === "send_statement") {
    if (!isUuid(params.contactId)) throw new Response("Not found", { status: 404 });
    return sendStatementNowAction(request, workspace, params.contactId, user.id);
  }
  const pause = readPauseForm(form);
  if (!pause) return data({ error: "Choose how long to pause reminders for." }, { status: 400 });
  const updated = isUuid(params.contactId) ? await setReminderPause({ kind: "contact", id: params.contactId }, { workspaceId: workspace.id, userId: user.id, ...pause }) : null;
  if (!updated) throw new Response("Not found", { status: 404 });
  const headers = await flashToast(request, {
    kind: "success",
    message: pause.until ? `Reminders paused for ${updated.detail.contactName}.` : `Reminders resumed for ${updated.detail.contactName}.`,
  });
  return data({ error: null }, { headers });
}

export default function Contact() {
  const { slug, canChange, credit, statements, schedule, contact, totals, invoices, upcoming } = useLoaderData<typeof loader>();
  const badge = CONTACT_STATE_BADGE[contact.state];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to={`/w/${slug}/contacts`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          ← Contacts
        </Link>
      </nav>
      <PageHeader
        title={contact.name}
        description={<Badge tone={badge.tone}>{badge.label}</Badge>}
        actions={
          <OpenInXeroLink href={contact.xeroUrl} />
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card className="p-5">
            <dl className="grid gap-4 text-sm sm:grid-cols-3 [overflow-wrap:anywhere] [&>div]:min-w-0">
              <div>
                <dt className="text-slate-600">Outstanding</dt>
                <dd className="font-semibold tabular-nums text-slate-900" data-testid="contact-outstanding">
                  {totals.length ? totals.map((each) => <span key={each.currencyCode} className="block">{each.outstanding}</span>) : "Nothing owed"}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Overdue</dt>
                <dd className="font-semibold tabular-nums text-red-800">
                  {totals.length ? totals.map((each) => <span key={each.currencyCode} className="block">{each.overdue}</span>) : "—"}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Reminders go to</dt>
                <dd className="text-slate-900">
                  {contact.recipients ? (
                    <span data-testid="contact-recipients">
                      {contact.recipients.to}
                      {contact.hasEmailAddress ? null : <span className="block text-slate-600">(a person included in emails: the contact has no email address of its own in Xero)</span>}
                      {contact.recipients.cc.length ? <span className="block text-slate-600">Copied: {contact.recipients.cc.join(", ")}</span> : null}
                    </span>
                  ) : (
                    <span className="text-amber-900">No email address in Xero, and no person marked “include in emails” — add one there.</span>
                  )}
                  {contact.bouncingSince ? <span className="block text-red-800">Bouncing since {contact.bouncingSince}</span> : null}
                </dd>
              </div>
            </dl>
          </Card>
          <Card>
            <h2 className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">Invoices</h2>
            {invoices.length === 0 ? (
              <p className="p-5 text-sm text-slate-600">No invoices for this customer.</p>
            ) : (
              // On a phone the key columns stay (invoice with its status under it, amount due with its due date under it): nothing to scroll sideways.
              <div className="overflow-x-auto" data-testid="contact-invoices">
                <table className="min-w-full text-sm">
                  <thead className="bg-slate-50 text-left text-slate-600">
                    <tr>
                      <th scope="col" className="px-4 py-2 font-medium">Invoice</th>
                      <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Status</th>
                      <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Due</th>
                      <th scope="col" className="px-3 py-2 text-right font-medium sm:px-4">Amount due</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {invoices.map((invoice) => (
                      <tr key={invoice.id}>
                        <td className="px-3 py-2 [overflow-wrap:anywhere] sm:px-4">
                          <Link to={`/w/${slug}/invoices/${invoice.id}`} className="font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                            {invoice.invoiceNumber}
                          </Link>
                          <span className="mt-1 block sm:hidden">
                            <Badge tone={INVOICE_STATE_BADGE[invoice.state].tone}>{INVOICE_STATE_BADGE[invoice.state].label}</Badge>
                          </span>
                        </td>
                        <td className="hidden px-4 py-2 sm:table-cell">
                          <Badge tone={INVOICE_STATE_BADGE[invoice.state].tone}>{INVOICE_STATE_BADGE[invoice.state].label}</Badge>
                        </td>
                        <td className="hidden whitespace-nowrap px-4 py-2 sm:table-cell">{invoice.dueDate}</td>
                        <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums sm:px-4">
                          {invoice.amountDue}
                          <span className="block text-xs text-slate-600 sm:hidden">Due {invoice.dueDate}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card className="h-fit space-y-4 p-5">
            <h2 className="text-base font-semibold text-slate-900">Reminders</h2>
            <ContactScheduleLine schedule={schedule} canChange={canChange} />
            {credit ? <CreditNotice contactName={contact.name} notice={credit} slug={slug} /> : null}
            <PauseControls paused={Boolean(contact.paused)} pausedWords={contact.paused} subject={contact.name} disabled={!canChange} />
            <h3 className="text-sm font-medium text-slate-700">Next {UPCOMING_DAYS} days</h3>
            {upcoming.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="contact-upcoming-empty">
                {credit?.held ? "No reminders go to this customer while their credit holds them." : "No reminders are due to go to this customer."}
              </p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="contact-upcoming">
                {upcoming.map((reminder) => (
                  <li key={reminder.key}>
                    <span className="font-medium text-slate-900">{reminder.when}</span> ·{" "}
                    <Link to={`/w/${slug}/invoices/${reminder.invoiceId}`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                      {reminder.invoiceNumber}
                    </Link>{" "}
                    · <span className="text-slate-600">{reminder.step}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <ContactStatementsCard statements={statements} slug={slug} contactName={contact.name} canChange={canChange} />
        </div>
      </div>
    </>
  );
}
