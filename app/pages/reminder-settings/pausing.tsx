// Settings → Reminders, "Paused customers and invoices".
import { Form, Link } from "@remix-run/react";
import { Card } from "~/components/card";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

/** Every paused customer and invoice with why, until when and who paused it, Resume buttons, and a customer picker to pause one. */
function PausedItems({ settings, errors, busy }: { settings: ReminderSettings; errors?: FieldErrors; busy: boolean }) {
  const { items, customerWords, customerMatches } = settings.paused;
  return (
    <div className="mt-4 space-y-6">
      {items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600" data-testid="paused-empty">
          Nothing is paused: every customer and invoice gets its reminders on schedule.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Paused customers and invoices">
          {items.map((item) => (
            <li key={`${item.kind}-${item.id}`} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-testid="paused-item">
              <div className="text-sm">
                <p className="font-medium text-slate-900">
                  {item.kind === "contact" ? (
                    <Link className="underline-offset-2 hover:underline" to={`/w/${settings.slug}/contacts/${item.id}`}>
                      {item.contactName}
                    </Link>
                  ) : (
                    <>
                      <Link className="underline-offset-2 hover:underline" to={`/w/${settings.slug}/invoices/${item.id}`}>
                        Invoice {item.invoiceNumber ?? "(no number)"}
                      </Link>{" "}
                      <span className="font-normal text-slate-600">· {item.contactName}</span>
                    </>
                  )}{" "}
                  <Badge>{item.kind === "contact" ? "Customer" : "Invoice"}</Badge>
                </p>
                <p className="mt-1 text-slate-700">
                  Paused {item.until ? `until ${item.until}` : "until resumed"}
                  {item.reason ? `: ${item.reason}` : ""}
                </p>
                {item.by || item.at ? (
                  <p className="mt-0.5 text-xs text-slate-500">
                    Paused{item.by ? ` by ${item.by}` : ""}
                    {item.at ? ` on ${item.at}` : ""}
                  </p>
                ) : null}
              </div>
              {settings.canChange ? (
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="resume-item" />
                  <input type="hidden" name="kind" value={item.kind} />
                  <input type="hidden" name="id" value={item.id} />
                  <Button type="submit" variant="secondary" disabled={busy} aria-label={`Resume reminders for ${item.kind === "contact" ? item.contactName : `invoice ${item.invoiceNumber ?? ""}`}`}>
                    Resume
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {settings.canChange ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">Pause a customer</h3>
          <Form method="get" preventScrollReset className="flex flex-wrap items-end gap-3" role="search">
            <label className={labelClass}>
              Find a customer by name or email
              <input key={customerWords} name="customer" type="search" className={inputClass} defaultValue={customerWords} placeholder="e.g. Aroha" />
            </label>
            <Button type="submit" variant="secondary" disabled={busy}>
              Find
            </Button>
          </Form>
          {customerWords && customerMatches.length === 0 ? (
            <p className="text-sm text-slate-600">No customer who isn't already paused matches “{customerWords}”.</p>
          ) : null}
          {customerMatches.length > 0 ? (
            <Form method="post" preventScrollReset className="space-y-3">
              <input type="hidden" name="intent" value="pause-customer" />
              <fieldset>
                <legend className={labelClass}>Customer</legend>
                <div className="mt-1 space-y-1">
                  {customerMatches.map((customer, index) => (
                    <label key={customer.id} className="flex items-center gap-2 text-sm text-slate-800">
                      <input type="radio" name="contactId" value={customer.id} defaultChecked={index === 0} />
                      {customer.name}
                      {customer.emailAddress ? <span className="text-slate-500">({customer.emailAddress})</span> : null}
                    </label>
                  ))}
                </div>
                <FieldError errors={errors} name="contactId" />
              </fieldset>
              <div className="flex flex-wrap items-end gap-3">
                <label className={labelClass}>
                  Why (optional, for your team)
                  <input name="reason" maxLength={200} className={inputClass} placeholder="e.g. Paying in instalments" />
                </label>
                <label className={labelClass}>
                  until (optional)
                  <input name="until" type="date" className={inputClass} />
                  <FieldError errors={errors} name="until" />
                </label>
                <Button type="submit" disabled={busy}>
                  Pause reminders
                </Button>
              </div>
            </Form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function PausedCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900">Paused customers and invoices</h2>
      <p className="mt-1 text-sm text-slate-600">Solido sends these no reminders until the day shown or until you resume them. Everything else carries on.</p>
      <PausedItems settings={settings} errors={errors("pause-customer")} busy={busy} />
    </Card>
  );
}
