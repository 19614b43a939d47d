// Settings → Reminders, "Sending": on or preview only, what goes out today,
// pausing everything, and what needs attention first.
import { Form } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { FieldError, hour, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

export function SendingCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  const { outlook, pause } = settings;
  return (
    <Card className="p-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold text-slate-900">Sending</h2>
        {settings.mode === "live" ? <Badge tone="success">On</Badge> : <Badge tone="info">Preview only</Badge>}
        {pause ? <Badge tone="warning">Paused</Badge> : null}
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {settings.mode === "live"
          ? "Solido emails your customers as their invoices reach each step of your schedule."
          : "Solido shows the reminders it would send, and sends nothing until reminders are turned on."}
      </p>
      <p className="mt-3 text-sm text-slate-800" data-testid="today-outlook">
        Today: {outlook.reminders} reminder{outlook.reminders === 1 ? "" : "s"} in {outlook.emails} email{outlook.emails === 1 ? "" : "s"}{" "}
        {settings.mode === "live" ? "due to go out" : "would go out"} between {hour(settings.window.start)} and {hour(settings.window.end)} ({settings.timeZone}).
        {" "}Invoices that missed several steps get only the latest one, once.
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
                <Form method="post">
                  <input type="hidden" name="intent" value="mode" />
                  <Button type="submit" name="mode" value="live" disabled={busy}>
                    Turn on
                  </Button>
                </Form>
              }
            >
              <p>
                {outlook.reminders} reminder{outlook.reminders === 1 ? "" : "s"} in {outlook.emails} email{outlook.emails === 1 ? "" : "s"} would go out today, in your send window.
              </p>
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
