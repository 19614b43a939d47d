// Settings → Reminders, "After the last step": "then every N days until paid,
// at most K times", with the repeat's email previewed as the customer reads it.
import { Form } from "@remix-run/react";
import { useMemo, useState } from "react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { addDays } from "~/display/format";
import { describeOffset, REPEAT_EVERY_MAX_DAYS, REPEAT_LIMIT_MAX, repeatStep } from "~/reminders/schedule";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import { StepPreview } from "./schedule";
import type { ScheduleEditing } from "./settings";

/** `of`: whose schedule this is, as the heading says it ("everyone else", "the “Key accounts” group"). */
export function RepeatCard({ settings, errors, busy, of }: { settings: ScheduleEditing; errors: (intent: string) => FieldErrors | undefined; busy: boolean; of: string }) {
  const saved = settings.repeat;
  const [on, setOn] = useState(saved.everyDays !== null);
  const [everyDays, setEveryDays] = useState(String(saved.everyDays ?? 7));
  const [limit, setLimit] = useState(String(saved.limit));
  const fieldErrors = errors("repeat");
  const enabled = settings.steps.filter((step) => step.enabled).sort((a, b) => a.offsetDays - b.offsetDays);
  const last = enabled[enabled.length - 1];
  const every = Number(everyDays) >= 1 ? Math.floor(Number(everyDays)) : 7;
  const repeat = last ? repeatStep(last, 1, every) : null;
  // The preview's invoice as if every earlier step went: the days the repeat's email names.
  const remindedOn = useMemo(() => {
    if (!repeat) return [];
    const due = settings.preview.sample ? addDays(settings.today, -repeat.offsetDays) : settings.preview.invoice.dueDate;
    return enabled.map((step) => addDays(due, step.offsetDays));
  }, [repeat?.offsetDays, settings, enabled.length]);
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900" id="repeat-heading">
        After the last step, for {of}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {last
          ? `Your last step goes ${describeOffset(last.offsetDays)}. Solido can keep writing until the invoice is paid, in that step's tone (${last.tone}), naming the days it wrote before.`
          : "Your schedule has no step turned on, so there is nothing to repeat."}{" "}
        Repeats wait for pauses, promises to pay and queries like every step, and stop the moment the invoice is paid
        {settings.outlook.chaseWithinDays === null ? "." : ` or is more than ${settings.outlook.chaseWithinDays} days overdue (your cut-off above).`}
      </p>
      <Form method="post" className="mt-4 space-y-3" aria-labelledby="repeat-heading">
        <input type="hidden" name="intent" value="repeat" />
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="repeat" checked={on} onChange={(event) => setOn(event.target.checked)} disabled={!settings.canChange} />
          <span className="font-medium">Then write again until paid</span>
        </label>
        <div className="flex flex-wrap items-start gap-4">
          <label className={labelClass}>
            Every how many days
            <input
              name="everyDays"
              inputMode="numeric"
              className={`${inputClass} w-28`}
              value={everyDays}
              onChange={(event) => setEveryDays(event.target.value)}
              disabled={!settings.canChange || !on}
              aria-invalid={fieldErrors?.everyDays ? true : undefined}
              aria-describedby="repeat-every-error"
            />
            <span id="repeat-every-error">
              <FieldError errors={fieldErrors} name="everyDays" />
            </span>
          </label>
          <label className={labelClass}>
            At most how many times (up to {REPEAT_LIMIT_MAX})
            <input
              name="limit"
              inputMode="numeric"
              className={`${inputClass} w-28`}
              value={limit}
              onChange={(event) => setLimit(event.target.value)}
              disabled={!settings.canChange || !on}
              aria-invalid={fieldErrors?.limit ? true : undefined}
              aria-describedby="repeat-limit-error"
            />
            <span id="repeat-limit-error">
              <FieldError errors={fieldErrors} name="limit" />
            </span>
          </label>
        </div>
        <p className="text-sm text-slate-600">Between 1 and {REPEAT_EVERY_MAX_DAYS} days. A customer still gets at most one email a day.</p>
        <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
          Save
        </Button>
      </Form>
      {on && repeat ? (
        <div className="mt-4">
          <p className="mb-2 text-sm font-medium text-slate-800">The first repeat ({describeOffset(repeat.offsetDays)}):</p>
          <StepPreview step={repeat} settings={settings} firstContact={false} remindedOn={remindedOn} label={`repeat ${describeOffset(repeat.offsetDays)}`} />
        </div>
      ) : null}
    </Card>
  );
}
