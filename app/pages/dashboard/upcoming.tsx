// The reminders due in the coming days, each linked to its customer and invoice.
import { Link } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { RowLink, useNavigateOnLinkClick } from "~/components/data-table";
import type { DashboardData } from "./dashboard";
import { Section } from "./section";

export function Upcoming({ data }: { data: DashboardData }) {
  const { upcoming, upcomingDays, slug, previewOnly, statementsToday } = data;
  const navigateOnClick = useNavigateOnLinkClick();
  return (
    <Section
      title={`Upcoming reminders, next ${upcomingDays} days`}
      className="lg:col-span-2"
      action={
        <Link to={`/w/${slug}/reminders`} className="text-sm font-medium text-teal-800 underline-offset-4 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          All reminders
        </Link>
      }
    >
      {previewOnly ? (
        <p className="mb-3 text-sm text-slate-600">
          <Badge tone="info">Preview</Badge> Reminders are not switched on: these are the emails Solido would send.
        </p>
      ) : null}
      {statementsToday ? (
        <div className="mb-3 rounded-md bg-slate-50 p-3 text-sm" data-testid="statements-today">
          <p className="font-medium text-slate-900">
            Today: {statementsToday.month} statements to {statementsToday.customers.length === 1 ? "1 customer" : `${statementsToday.customers.length} customers`}
          </p>
          <p className="mt-1 text-slate-600 [overflow-wrap:anywhere]">
            {statementsToday.customers.map((customer, index) => (
              <span key={customer.contactId}>
                {index > 0 ? ", " : null}
                <Link to={`/w/${slug}/contacts/${customer.contactId}`} className="underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                  {customer.contactName}
                </Link>
              </span>
            ))}
          </p>
        </div>
      ) : null}
      {upcoming.length === 0 ? (
        <p className="text-sm text-slate-600">No reminders are due in the next {upcomingDays} days.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" data-testid="upcoming-reminders" onClick={navigateOnClick}>
          {upcoming.map((reminder) => (
            <li key={reminder.key} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <span className="w-28 shrink-0 font-medium text-slate-900">{reminder.when}</span>
              <span className="min-w-0 flex-1 basis-48">
                <RowLink to={`/w/${slug}/contacts/${reminder.contactId}`} className="font-medium text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                  {reminder.contactName}
                </RowLink>
                <span className="text-slate-600">
                  {" "}
                  · <RowLink to={`/w/${slug}/invoices/${reminder.invoiceId}`} className="hover:underline">{reminder.invoiceNumber}</RowLink> · {reminder.amountDue}
                </span>
              </span>
              <span className="text-slate-600">{reminder.step}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
