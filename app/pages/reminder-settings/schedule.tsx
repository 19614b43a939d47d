// Settings → Reminders, "Schedule": each step's editor beside a live preview
// of its email, rendered in the browser by the same template the sender uses.
import { Form } from "@remix-run/react";
import { useMemo, useState, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { composeReminder, previewMoment, type StepWords } from "~/reminders/compose";
import { PLACEHOLDERS } from "~/reminders/placeholders";
import { describeOffset, type StepDraft, type Tone } from "~/reminders/schedule";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ScheduleEditing } from "./settings";

/** A step as edited: `daysText` is the "Days" field as typed, so a cleared field stays empty instead of reading 0. */
type EditableStep = StepDraft & { id?: string; key: string; daysText?: string };

/**
 * The step's email exactly as the customer sees it, rendered in the browser by the same template as it is typed:
 * one consistent invoice at one moment (a real one on the day this step reaches it, or a sample dated to suit),
 * in the step's own words or, for a customer's first email about the invoice, its first-contact words.
 */
export function StepPreview({ step, settings, firstContact, remindedOn, label }: { step: StepWords & { offsetDays: number }; settings: ScheduleEditing; firstContact: boolean; remindedOn?: string[]; label?: string }) {
  const html = useMemo(() => {
    const { preview, today, branding, locale } = settings;
    const shown = previewMoment(preview, Number(step.offsetDays) || 0, today);
    try {
      const composed = composeReminder({
        branding: { businessName: branding.senderName || branding.businessName, logoUrl: branding.logoShown, accentColour: branding.brandColour, replyToEmail: branding.replyToEmail || null },
        locale,
        contactName: preview.contactName,
        today: shown.today,
        customerPageUrl: preview.customerPageUrl,
        invoices: [{ ...shown.invoice, step, remindedBefore: !firstContact, remindedOn: firstContact ? [] : (remindedOn ?? []) }],
      });
      return { subject: composed.subject, body: "<!DOCTYPE html>" + renderToStaticMarkup(composed.element), day: shown.today };
    } catch {
      return { subject: step.subject, body: "<p>Preview unavailable.</p>", day: shown.today };
    }
  }, [step, settings, firstContact, remindedOn]);
  return (
    <div className="rounded-md border border-slate-200">
      <p className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
        <span className="font-medium">Subject:</span> {html.subject}
        <span className="ml-2 text-slate-500">
          {settings.preview.sample ? "(sample invoice)" : `(as ${settings.preview.invoice.invoiceNumber ?? "this invoice"} would read on ${html.day})`}
        </span>
      </p>
      <iframe title={`Preview of the email ${label ?? describeOffset(step.offsetDays)}`} srcDoc={html.body} sandbox="" className="h-[28rem] w-full bg-white" />
    </div>
  );
}

function ScheduleEditor({ settings, errors }: { settings: ScheduleEditing; errors?: FieldErrors }) {
  const [steps, setSteps] = useState<EditableStep[]>(() => settings.steps.map((step) => ({ ...step, key: step.id })));
  const [open, setOpen] = useState<string | null>(steps[0]?.key ?? null);
  const [firstPreview, setFirstPreview] = useState<Set<string>>(() => new Set());
  const togglePreview = (key: string) => setFirstPreview((keys) => (keys.has(key) ? new Set([...keys].filter((other) => other !== key)) : new Set([...keys, key])));
  const update = (key: string, change: Partial<EditableStep>) => setSteps((all) => all.map((step) => (step.key === key ? { ...step, ...change } : step)));
  const sorted = [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
  // A cleared "Days" field goes to the server as empty, which says so, rather than quietly as 0 (the due date).
  const payload = JSON.stringify(sorted.map(({ key: _key, daysText, ...step }) => ({ ...step, offsetDays: daysText?.trim() === "" ? "" : Number(step.offsetDays) })));
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value="schedule" />
      <input type="hidden" name="schedule" value={payload} />
      <p className="text-sm text-slate-600">
        Placeholders: {PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}. Steps go out in order of their day; no two on the same day.
      </p>
      <ol className="space-y-3">
        {sorted.map((step, index) => {
          const prefix = `schedule.${index}`;
          return (
            <li key={step.key} className="rounded-md border border-slate-200 p-4">
              <div className="flex flex-wrap items-center gap-3">
                <button type="button" className="text-left font-medium text-slate-900 underline-offset-2 hover:underline" aria-expanded={open === step.key} onClick={() => setOpen(open === step.key ? null : step.key)}>
                  {describeOffset(step.offsetDays)}: {step.subject}
                </button>
                <Badge tone={step.tone === "firm" ? "warning" : step.tone === "friendly" ? "success" : "neutral"}>{step.tone}</Badge>
                {!step.enabled ? <Badge>Off</Badge> : null}
              </div>
              <FieldError errors={errors} name={`${prefix}.offsetDays`} />
              {open === step.key ? (
                <div className="mt-4 grid gap-4 lg:grid-cols-2">
                  <div className="space-y-3">
                    <label className={labelClass}>
                      Days from the due date (negative = before)
                      <input
                        type="number"
                        className={inputClass}
                        value={step.daysText ?? step.offsetDays}
                        aria-invalid={errors?.[`${prefix}.offsetDays`] ? true : undefined}
                        onChange={(event) => update(step.key, event.target.value.trim() === "" ? { daysText: "" } : { daysText: event.target.value, offsetDays: Number(event.target.value) })}
                      />
                    </label>
                    <label className={labelClass}>
                      Subject
                      <input className={inputClass} value={step.subject} onChange={(event) => update(step.key, { subject: event.target.value })} />
                    </label>
                    <FieldError errors={errors} name={`${prefix}.subject`} />
                    <label className={labelClass}>
                      Message
                      <textarea rows={9} className={inputClass} value={step.body} onChange={(event) => update(step.key, { body: event.target.value })} />
                    </label>
                    <FieldError errors={errors} name={`${prefix}.body`} />
                    <details className="rounded-md border border-slate-200 p-3" open={Boolean(step.firstSubject || step.firstBody)}>
                      <summary className="cursor-pointer text-sm font-medium text-slate-800">Words for a first email about an invoice</summary>
                      <p className="mt-2 text-sm text-slate-600">
                        Used when this step is the first reminder Solido sends about an invoice (reminders just turned on, a pause lifted), so the
                        email never mentions reminders that were never sent. Leave empty if the words above don't mention earlier reminders.
                      </p>
                      <label className={`${labelClass} mt-2`}>
                        First-email subject
                        <input className={inputClass} value={step.firstSubject ?? ""} onChange={(event) => update(step.key, { firstSubject: event.target.value })} />
                      </label>
                      <FieldError errors={errors} name={`${prefix}.firstSubject`} />
                      <label className={`${labelClass} mt-2`}>
                        First-email message
                        <textarea rows={6} className={inputClass} value={step.firstBody ?? ""} onChange={(event) => update(step.key, { firstBody: event.target.value })} />
                      </label>
                      <FieldError errors={errors} name={`${prefix}.firstBody`} />
                      <label className="mt-2 flex items-center gap-2 text-sm text-slate-800">
                        <input type="checkbox" checked={firstPreview.has(step.key)} onChange={() => togglePreview(step.key)} /> Preview the first-email words
                      </label>
                    </details>
                    <label className={labelClass}>
                      Tone
                      <select className={inputClass} value={step.tone} onChange={(event) => update(step.key, { tone: event.target.value as Tone })}>
                        <option value="friendly">Friendly</option>
                        <option value="neutral">Neutral</option>
                        <option value="firm">Firm</option>
                      </select>
                    </label>
                    <label className="flex items-center gap-2 text-sm text-slate-800">
                      <input type="checkbox" checked={step.enabled} onChange={(event) => update(step.key, { enabled: event.target.checked })} /> Send this step
                    </label>
                    <div className="flex gap-2">
                      <Button variant="secondary" onClick={() => setSteps((all) => all.filter((other) => other.key !== step.key))}>
                        Remove step
                      </Button>
                    </div>
                  </div>
                  <StepPreview step={step} settings={settings} firstContact={firstPreview.has(step.key)} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <FieldError errors={errors} name="schedule" />
      <div className="flex flex-wrap gap-3">
        <Button
          variant="secondary"
          onClick={() => {
            const offset = Math.max(0, ...steps.map((step) => step.offsetDays)) + 7;
            const key = `new-${Date.now()}`;
            setSteps((all) => [...all, { key, offsetDays: offset, tone: "neutral", enabled: true, subject: "Invoice {{invoice_number}} is {{days_overdue}} days overdue", body: "Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}} is now {{days_overdue}} days overdue.\n\n{{business_name}}" }]);
            setOpen(key);
          }}
        >
          Add a step
        </Button>
        <Button type="submit" disabled={!settings.canChange}>
          Save schedule
        </Button>
      </div>
    </Form>
  );
}

/** One schedule's steps, and "Send me a test email" of one of them: the default's on Settings → Reminders, a group's on its own page. */
export function ScheduleCard({
  settings,
  errors,
  busy,
  title,
  description,
}: {
  settings: ScheduleEditing;
  errors: (intent: string) => FieldErrors | undefined;
  busy: boolean;
  title: string;
  description: ReactNode;
}) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">{description}</p>
      <div className="mt-4">
        <ScheduleEditor settings={settings} errors={errors("schedule")} />
      </div>
      {settings.canChange ? (
        <Form method="post" className="mt-6 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
          <input type="hidden" name="intent" value="test" />
          <label className={labelClass}>
            Send me a test email of
            <select name="stepIndex" className={inputClass}>
              {settings.steps.map((step, index) => (
                <option key={step.id} value={index}>
                  {describeOffset(step.offsetDays)}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="secondary" disabled={busy}>
            Send test email
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
