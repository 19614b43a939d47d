// One invoice: Xero's facts, what Solido did about it and will do next, and
// the controls to pause or resume its reminders or send the next one now.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { CreditNotice } from "~/components/credit-notice";
import { PageHeader } from "~/components/page-header";
import { OpenInXeroLink } from "~/components/xero-button";
import { OpenQueryCard } from "~/components/open-query-card";
import { PauseControls } from "~/components/pause-controls";
import { SendNowControl, type SendNowState } from "~/components/send-now-control";
import { formatDay, formatMoment, formatMoney, localeFor, todayIn } from "~/display/format";
import { INVOICE_STATE_BADGE, invoiceState } from "~/display/invoice-status";
import { contactRecipients } from "~/models/contact-recipients.server";
import { creditNotice } from "~/models/credit-notes.server";
import { getInvoice, invoiceTimeline, type TimelineEvent } from "~/models/invoice-detail.server";
import { resolveInvoiceQuery } from "~/models/invoice-queries.server";
import { readPauseForm } from "~/models/pause-form.server";
import { xeroInvoiceUrl } from "~/models/receivables.server";
import { isIndefinite, pausedWords, setReminderPause } from "~/models/reminder-pauses.server";
import { listUpcomingReminders } from "~/models/upcoming-reminders.server";
import { flashToast } from "~/http/session.server";
import { describeReminder } from "~/reminders/schedule";
import { checkSendNextReminderNow, sendNextReminderNow } from "~/reminders/send-now.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.invoice.invoiceNumber ?? "Invoice"} · Invoices · Solido` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  const invoice = await getInvoice(workspace.id, params.invoiceId!);
  if (!invoice) throw new Response("Not found", { status: 404 });
  const today = todayIn(workspace.timeZone);
  const canChange = role !== "viewer";
  const locale = localeFor(workspace.countryCode);
  const [timeline, [next], sendNow, credit] = await Promise.all([
    invoiceTimeline(workspace.id, invoice.id),
    listUpcomingReminders(workspace.id, { today, days: 366, timeZone: workspace.timeZone, invoiceId: invoice.id, limit: 1 }),
    canChange ? checkSendNextReminderNow(workspace.id, invoice.id) : undefined,
    creditNotice(workspace, invoice.contactXeroId, locale),
  ]);
  const { timeZone } = workspace;
  const money = (amount: string) => formatMoney(amount, invoice.currencyCode, locale);
  const day = (value: string | null) => (value ? formatDay(value, locale) : "—");
  return {
    slug: workspace.slug,
    canChange,
    credit,
    sendNow: sendNow
      ? ((sendNow.ok ? { ok: true, step: describeReminder(sendNow.nextOffsetDays, sendNow.nextRepeatNumber), to: sendNow.to, invoiceNumber: invoice.invoiceNumber ?? "(no number)" } : { ok: false, message: sendNow.message }) satisfies SendNowState)
      : null,
    invoice: {
      id: invoice.id,
      invoiceNumber: invoice.invoiceNumber ?? "(no number)",
      reference: invoice.reference,
      state: invoiceState(invoice, today),
      xeroStatus: invoice.status,
      total: money(invoice.total),
      amountDue: money(invoice.amountDue),
      amountPaid: money(invoice.amountPaid),
      amountCredited: invoice.amountCredited === "0.00" ? null : money(invoice.amountCredited),
      issueDate: day(invoice.issueDate),
      dueDate: day(invoice.dueDate),
      xeroUrl: xeroInvoiceUrl(invoice.xeroInvoiceId),
      onlineInvoiceUrl: invoice.onlineInvoiceUrl,
      contactId: invoice.contactId,
      contactName: invoice.contactName,
      contactReachable: contactRecipients({ emailAddress: invoice.contactEmail, ccEmailAddresses: invoice.contactCcEmailAddresses }) !== null,
      paused: pausedWords(invoice.remindersPausedUntil, locale, timeZone),
      contactPaused: pausedWords(invoice.contactPausedUntil, locale, timeZone),
    },
    openQuery: openQueryOf(timeline, locale, timeZone),
    next: next ? { when: formatDay(next.sendOn, locale, { weekday: "long", day: "numeric", month: "long" }), step: describeReminder(next.offsetDays, next.repeatNumber), to: next.emailAddress } : null,
    timeline: timeline.map((event, index) => ({ key: `${event.kind}-${index}`, at: formatMoment(event.at, locale, timeZone), iso: new Date(event.at).toISOString(), ...describeEvent(event, locale, timeZone) })),
  };
}

/** The customer's unresolved query, for the card that lets an admin resolve it. */
function openQueryOf(timeline: TimelineEvent[], locale: string, timeZone: string) {
  const query = timeline.findLast((event) => event.kind === "queried" && !event.resolvedAt);
  return query?.kind === "queried" ? { id: query.queryId, message: query.message, at: formatMoment(query.at, locale, timeZone) } : null;
}

function describeEvent(event: TimelineEvent, locale: string, timeZone: string): { title: string; detail: string | null; emailId?: string } {
  switch (event.kind) {
    case "synced":
      return { title: "Copied from Xero", detail: null };
    case "reminder_sent":
      return { title: `Reminder sent (${describeReminder(event.offsetDays, event.repeatNumber)})`, detail: [event.toAddress, event.subject].filter(Boolean).join(" · ") || null, emailId: event.emailId };
    case "reminder_failed":
      return { title: `Reminder could not be delivered (${describeReminder(event.offsetDays, event.repeatNumber)})`, detail: event.error, emailId: event.emailId };
    case "reminder_skipped":
      return { title: `Reminder skipped (${describeReminder(event.offsetDays, event.repeatNumber)})`, detail: event.reason };
    case "settled":
      return { title: event.status === "PAID" || event.status === "AUTHORISED" ? "Payment detected: paid in full" : `Marked ${event.status.toLowerCase()} in Xero`, detail: "Reminders stop for this invoice." };
    case "paused": {
      const until = event.until ? (isIndefinite(event.until) ? "until resumed" : `until ${formatMoment(event.until, locale, timeZone)}`) : "";
      return { title: `Reminders paused ${until}`.trim(), detail: [event.by && `by ${event.by}`, event.reason].filter(Boolean).join(" · ") || null };
    }
    case "resumed":
      return { title: "Reminders resumed", detail: event.by ? `by ${event.by}` : null };
    case "promised":
      return { title: `The customer promised to pay by ${formatDay(event.promisedFor, locale, { day: "numeric", month: "long", year: "numeric" })}`, detail: "From the link in a reminder. Reminders wait until a few days after that day." };
    case "queried":
      return { title: "The customer queried this invoice", detail: `“${event.message}” · Reminders stopped until the query is resolved.` };
    case "query_resolved":
      return { title: "Query resolved", detail: event.by ? `by ${event.by}` : null };
    case "sent_now":
      return { title: `Next reminder sent now (${describeReminder(event.offsetDays, event.repeatNumber)})`, detail: [event.by && `by ${event.by}`, event.to && `to ${event.to}`].filter(Boolean).join(" · ") || null };
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { workspace, user } = await requireWorkspaceAdmin(request, params);
  const form = await request.formData();
  if (form.get("intent") === "resolve_query") {
    const resolved = await resolveInvoiceQuery(workspace.id, user.id, String(form.get("queryId") ?? ""));
    if (!resolved) throw new Response("Not found", { status: 404 });
    return data({ error: null }, { headers: await flashToast(request, { kind: "success", message: "Query resolved. Reminders for this invoice resume on their schedule." }) });
  }
  if (form.get("intent") === "send_now") {
    const outcome = await sendNextReminderNow({ workspaceId: workspace.id, invoiceId: params.invoiceId!, userId: user.id });
    if (!outcome) throw new Response("Not found", { status: 404 });
    if (!outcome.ok) return data({ error: outcome.message }, { status: 400, headers: await flashToast(request, { kind: "error", message: outcome.message }) });
    const headers = await flashToast(request, { kind: "success", message: `Sending the reminder (${describeReminder(outcome.nextOffsetDays, outcome.nextRepeatNumber)}) to ${outcome.to} now.` });
    return data({ error: null }, { headers });
  }
  const pause = readPauseForm(form);
  if (!pause) return data({ error: "Choose how long to pause reminders for." }, { status: 400 });
  const updated = await setReminderPause({ kind: "invoice", id: params.invoiceId! }, { workspaceId: workspace.id, userId: user.id, ...pause });
  if (!updated) throw new Response("Not found", { status: 404 });
  const headers = await flashToast(request, { kind: "success", message: pause.until ? "Reminders paused for this invoice." : "Reminders resumed for this invoice." });
  return data({ error: null }, { headers });
}

export default function Invoice() {
  const { slug, canChange, credit, sendNow, invoice, next, timeline, openQuery } = useLoaderData<typeof loader>();
  const badge = INVOICE_STATE_BADGE[invoice.state];
  const open = invoice.state === "overdue" || invoice.state === "unpaid";
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to={`/w/${slug}/invoices`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          ← Invoices
        </Link>
      </nav>
      <PageHeader
        title={`Invoice ${invoice.invoiceNumber}`}
        description={
          <>
            <Link to={`/w/${slug}/contacts/${invoice.contactId}`} className="font-medium text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
              {invoice.contactName}
            </Link>
            {invoice.reference ? ` · ${invoice.reference}` : ""}
          </>
        }
        actions={
          <OpenInXeroLink href={invoice.xeroUrl} />
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          {openQuery ? <OpenQueryCard query={openQuery} canResolve={canChange} /> : null}
          <Card className="p-5">
            <div className="mb-4 flex flex-wrap items-center gap-2">
              <Badge tone={badge.tone}>{badge.label}</Badge>
              <span className="text-sm text-slate-600">Xero status: {invoice.xeroStatus}</span>
            </div>
            <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-3">
              <Fact label="Amount due" value={invoice.amountDue} testId="invoice-amount-due" />
              <Fact label="Total" value={invoice.total} />
              <Fact label="Paid" value={invoice.amountPaid} />
              {invoice.amountCredited ? <Fact label="Credited" value={invoice.amountCredited} /> : null}
              <Fact label="Issued" value={invoice.issueDate} />
              <Fact label="Due" value={invoice.dueDate} />
            </dl>
            {invoice.onlineInvoiceUrl ? (
              <p className="mt-4 text-sm">
                <a href={invoice.onlineInvoiceUrl} target="_blank" rel="noreferrer" className="text-teal-800 underline">
                  The customer's view-and-pay page<span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </Card>
          <Card>
            <h2 className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">Timeline</h2>
            <ol className="space-y-4 p-5" data-testid="invoice-timeline">
              {timeline.map((event) => (
                <li key={event.key} className="relative border-l-2 border-slate-200 pl-4">
                  <p className="text-sm font-medium text-slate-900">{event.title}</p>
                  <p className="text-xs text-slate-600">
                    <time dateTime={event.iso}>{event.at}</time>
                    {event.detail ? ` · ${event.detail}` : ""}
                  </p>
                  {event.emailId ? (
                    <Link to={`/w/${slug}/reminders/emails/${event.emailId}`} className="text-xs font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                      View the email as sent
                    </Link>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <Card className="h-fit space-y-4 p-5">
          <h2 className="text-base font-semibold text-slate-900">Reminders</h2>
          {open ? (
            <>
              <p className="text-sm text-slate-700 [overflow-wrap:anywhere]" data-testid="next-reminder">
                {next ? (
                  <>
                    Next reminder: <strong>{next.when}</strong> ({next.step}) to {next.to}.
                  </>
                ) : invoice.paused || invoice.contactPaused ? (
                  "No reminder is planned while paused."
                ) : credit?.held ? (
                  "No reminder is planned while the customer's credit holds them."
                ) : invoice.contactReachable ? (
                  "No further reminder is scheduled."
                ) : (
                  "No reminder can go: the customer has no email address in Xero, and no person marked “include in emails”."
                )}
              </p>
              {invoice.contactPaused ? <p className="text-sm text-amber-900">Paused for the whole customer: {invoice.contactPaused}</p> : null}
              {credit ? <CreditNotice contactName={invoice.contactName} notice={credit} slug={slug} /> : null}
              {sendNow ? <SendNowControl state={sendNow} /> : null}
              <PauseControls paused={Boolean(invoice.paused)} pausedWords={invoice.paused} subject="this invoice" disabled={!canChange} />
            </>
          ) : (
            <p className="text-sm text-slate-700">Nothing is owed on this invoice, so Solido sends no reminders for it.</p>
          )}
        </Card>
      </div>
    </>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
