// Settings → Reminders, "When reminders go out" and "Minimum amount due".
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { FieldError, hour, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function SendWindowCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900">When reminders go out</h2>
      <p className="mt-1 text-sm text-slate-600">In your organisation's time zone ({settings.timeZone}). A step that falls on a day off goes out on the next send day.</p>
      <Form method="post" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="window" />
        <div className="flex flex-wrap gap-4">
          <label className={labelClass}>
            From
            <select name="start" className={inputClass} defaultValue={settings.window.start}>
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h} value={h}>
                  {hour(h)}
                </option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            Until
            <select name="end" className={inputClass} defaultValue={settings.window.end}>
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h + 1} value={h + 1}>
                  {hour(h + 1)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <FieldError errors={errors("window")} name="end" />
        <fieldset className="flex flex-wrap gap-3">
          <legend className={labelClass}>Days</legend>
          {WEEKDAYS.map((day, index) => (
            <label key={day} className="flex items-center gap-1 text-sm text-slate-800">
              <input type="checkbox" name="weekdays" value={index + 1} defaultChecked={settings.window.weekdays.includes(index + 1)} /> {day}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors("window")} name="weekdays" />
        <Button type="submit" disabled={!settings.canChange || busy}>
          Save send window
        </Button>
      </Form>
    </Card>
  );
}

export function MinimumsCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900">Minimum amount due</h2>
      <p className="mt-1 text-sm text-slate-600">No reminder is sent for an invoice with less than this left to pay, per currency.</p>
      <ul className="mt-2 text-sm text-slate-700">
        {settings.minimums.map((row) => (
          <li key={row.currencyCode}>
            {row.currencyCode}: {row.minimumAmountDue}
          </li>
        ))}
      </ul>
      <Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="minimums" />
        <label className={labelClass}>
          Currency
          <select name="currencyCode" className={inputClass} defaultValue={settings.baseCurrency}>
            {settings.currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Minimum
          <input name="minimumAmountDue" className={inputClass} inputMode="decimal" placeholder="25.00" />
        </label>
        <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
          Save minimum
        </Button>
        <FieldError errors={errors("minimums")} name="minimumAmountDue" />
        <FieldError errors={errors("minimums")} name="currencyCode" />
      </Form>
    </Card>
  );
}
