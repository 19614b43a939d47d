// Settings → Reminders, "Sending": on or preview only, what goes out today,
// pausing everything, and what needs attention first.
import { Form, Link } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { plural } from "~/display/format";
import { FieldError, hour, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

export function SendingCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  const { outlook, pause } = settings;
  return (
    <Card className="p-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold text-slate-900">Sending</h2>
        {outlook.suspended === "not_connected" || outlook.suspended === "needs_reconnect" ? (
          <Badge tone="danger">Suspended</Badge>
        ) : settings.mode === "live" ? (
          <Badge tone="success">On</Badge>
        ) : (
          <Badge tone="info">Preview only</Badge>
        )}
        {pause ? <Badge tone="warning">Paused</Badge> : null}
      </div>
      {outlook.suspended === "not_connected" || outlook.suspended === "needs_reconnect" ? (
        <p className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" role="status" data-testid="sending-suspended">
          Sending is suspended: Xero {outlook.suspended === "needs_reconnect" ? "needs reconnecting" : "is disconnected"}, so Solido cannot check payments
          before emailing. Nothing goes out until you{" "}
          <Link to={`/w/${settings.slug}/settings/integrations`} className="font-medium underline">
            reconnect Xero
          </Link>
          .
        </p>
      ) : null}
      <p className="mt-1 text-sm text-slate-600">
        {settings.mode === "live"
          ? "Solido emails your customers as their invoices reach each step of your schedule."
          : "Solido shows the reminders it would send, and sends nothing until reminders are turned on."}
      </p>
      <p className="mt-3 text-sm text-slate-800" data-testid="today-outlook">
        {outlook.reminders === 0
          ? "Nothing is due to go out at the next send."
          : `${plural(outlook.reminders, "reminder")} in ${plural(outlook.emails, "email")} ${settings.mode === "live" ? "go" : "would go"} out ${outlook.when}${outlook.open ? "" : `, when your send window opens (${hour(settings.window.start)}–${hour(settings.window.end)}, ${settings.timeZone})`}.`}{" "}
        An invoice that missed steps gets only the latest one, once, worded as a first email when Solido never reminded the customer about it
        {outlook.chaseWithinDays === null ? "." : `; invoices due more than ${outlook.chaseWithinDays} days ago are not chased.`}
      </p>
      {settings.canChange ? (
        <div className="mt-4 flex flex-wrap gap-3">
          {settings.mode === "live" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="mode" />
              <Button type="submit" name="mode" value="preview" variant="secondary" disabled={busy}>
                Turn reminders off
              </Button>
            </Form>
          ) : (
            <ConfirmDialog
              trigger={<Button>Turn reminders on</Button>}
              title="Start sending reminders?"
              confirm={
                <Form method="post" className="flex flex-wrap justify-end gap-3">
                  <input type="hidden" name="intent" value="mode" />
                  <input type="hidden" name="mode" value="live" />
                  {outlook.sendNow ? (
                    <>
                      <Button type="submit" variant="secondary" disabled={busy}>
                        Turn on, send {outlook.when}
                      </Button>
                      <Button type="submit" name="sendDueNow" value="1" disabled={busy}>
                        Send the {outlook.sendNow.reminders === 1 ? "due one" : `${outlook.sendNow.reminders} due`} now
                      </Button>
                    </>
                  ) : (
                    <Button type="submit" disabled={busy}>
                      Turn on
                    </Button>
                  )}
                </Form>
              }
            >
              <p data-testid="go-live-count">
                {outlook.suspended === "not_connected" || outlook.suspended === "needs_reconnect"
                  ? "Xero is not connected: nothing will go out until you reconnect it."
                  : outlook.reminders === 0
                    ? "Nothing is due yet: reminders will go as invoices reach the steps of your schedule."
                    : `${plural(outlook.reminders, "reminder")} in ${plural(outlook.emails, "email")} will go out ${outlook.when}${outlook.open ? "" : ", when your send window opens"}. The Reminders page lists each one.`}
              </p>
              {outlook.sendNow ? (
                <p data-testid="go-live-send-now">
                  Your send window is closed now, but as this is your first day you can send the{" "}
                  {plural(outlook.sendNow.reminders, "reminder")} due today ({plural(outlook.sendNow.emails, "email")}) now instead. After today, the
                  window decides.
                </p>
              ) : null}
            </ConfirmDialog>
          )}
          {pause ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resume" />
              <Button type="submit" variant="secondary" disabled={busy}>
                Resume reminders
              </Button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {pause ? (
        <p className="mt-3 text-sm text-amber-800">
          Paused: {pause.reason}
          {pause.until ? ` (until ${pause.until.slice(0, 10)})` : ""}.
        </p>
      ) : settings.canChange ? (
        <Form method="post" className="mt-4 flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="pause" />
          <label className={labelClass}>
            Pause all reminders because
            <input name="reason" className={inputClass} placeholder="e.g. End-of-year break" />
          </label>
          <label className={labelClass}>
            until (optional)
            <input name="until" type="date" className={inputClass} />
          </label>
          <Button type="submit" variant="secondary" disabled={busy}>
            Pause
          </Button>
          <FieldError errors={errors("pause")} name="reason" />
        </Form>
      ) : null}
      <Form method="post" className="mt-5 space-y-2 border-t border-slate-200 pt-4" aria-labelledby="cut-off-heading">
        <input type="hidden" name="intent" value="cut-off" />
        <h3 id="cut-off-heading" className="text-sm font-semibold text-slate-900">
          Old invoices
        </h3>
        <p className="text-sm text-slate-600">
          Going live should not email every customer about invoices from years ago. Invoices due longer ago are usually better settled by a phone call.
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="chase" value="within" defaultChecked={outlook.chaseWithinDays !== null} disabled={!settings.canChange} />
            Only chase invoices due within the last
          </label>
          <label className="text-sm text-slate-800">
            <span className="sr-only">Days</span>
            <input name="days" inputMode="numeric" className={`${inputClass} w-24`} defaultValue={outlook.chaseWithinDays ?? 90} disabled={!settings.canChange} aria-describedby="cut-off-days-error" />
          </label>
          <span className="text-sm text-slate-800">days</span>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="chase" value="all" defaultChecked={outlook.chaseWithinDays === null} disabled={!settings.canChange} />
            Chase every unpaid invoice, however old
          </label>
          {settings.canChange ? (
            <Button type="submit" variant="secondary" disabled={busy}>
              Save
            </Button>
          ) : null}
        </div>
        <div id="cut-off-days-error">
          <FieldError errors={errors("cut-off")} name="days" />
        </div>
      </Form>
      {outlook.attentionCount > 0 ? (
        <div className="mt-5">
          <h3 className="text-sm font-semibold text-slate-900">Needs attention ({outlook.attentionCount})</h3>
          <ul className="mt-2 space-y-1 text-sm text-slate-700">
            {outlook.attention.map((item, index) => (
              <li key={index}>
                {item.invoiceNumber ?? "Invoice"} · {item.contactName}: {item.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
